"""Thin views for the learner pipeline: check who is asking, validate, call one service, render."""

from allauth.core import ratelimit
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from academy.caching import no_store
from academy.form_handling import add_service_errors, handle_action, handle_form
from academy.models import User
from academy.permissions import learner_required, staff_required
from academy.services import audit_record, audit_record_batch
from academy.uploads import private_file_response
from courses.permissions import get_cohort_for_staff_or_404
from courses.selectors import cohort_for_application
from impact.selectors_surveys import surveys_due
from impact.services import support_spend_record
from placements.selectors import learner_employment

from . import forms, services
from .apply_notices import apply_notice_send
from .models import (
    AcademyValue,
    Application,
    DbsCheck,
    Enquiry,
    QuestionBank,
    Reference,
    RightToWorkCheck,
    Stage,
    ValuesScreening,
)
from .permissions import get_learner_for_staff_or_404, learners_visible_to
from .selectors import (
    BOARD_FILTERS,
    cohort_board,
    cohort_dbs_blocked,
    learner_for_user,
    learner_home_record,
    learner_record,
    learner_tasks,
    learner_timeline,
    live_consent,
)

# --- Public: applying --------------------------------------------------------------------------


def apply(request, cohort_pk):
    cohort = cohort_for_application(pk=cohort_pk)
    if cohort is None:
        raise Http404("This course is not taking applications.")
    signed_in_learner = (
        learner_for_user(request.user)
        if request.user.is_authenticated and request.user.role == User.Role.LEARNER else None
    )
    initial = {}
    if signed_in_learner:
        initial = {f: getattr(signed_in_learner, f) for f in services.LEARNER_PROFILE_FIELDS}
        initial["email"] = signed_in_learner.email
    form = forms.ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if signed_in_learner:
            data["email"] = request.user.email
        # Per IP and per address, with the login's mechanism (ACCOUNT_RATE_LIMITS["apply"]).
        if not ratelimit.consume(request, action="apply", key=data["email"].lower()):
            return ratelimit.respond_429(request)
        try:
            result = services.learner_apply(
                cohort=cohort, signed_in_user=request.user if signed_in_learner else None, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            apply_notice_send(request=request, result=result, cohort=cohort)
            request.session["applied_outcome"] = "signed_in" if signed_in_learner else "emailed"
            request.session["applied_cohort"] = cohort.name
            return redirect("learners:apply_done")
    return render(request, "learners/apply.html", {"form": form, "cohort": cohort,
                                                   "signed_in_learner": signed_in_learner})


def apply_done(request):
    outcome = request.session.pop("applied_outcome", None)
    cohort_name = request.session.pop("applied_cohort", "")
    if outcome is None:
        return redirect("courses:programme_list")
    return render(request, "learners/apply_done.html", {"outcome": outcome, "cohort_name": cohort_name})


# --- The learner's own page --------------------------------------------------------------------


@learner_required
def me(request):
    learner = learner_home_record(user=request.user)
    context = {"learner": None}
    if learner is not None:
        applications = learner.applications.all()
        context = {
            "learner": learner, "timeline": learner_timeline(learner, who=False), "tasks": learner_tasks(learner),
            "surveys_due": surveys_due(learner=learner, applications=applications),
            "consent": next((c for c in learner.consents.all() if c.withdrawn_at is None), None),
            "consent_form": forms.ConsentForm(), "consent_wording": services.PERSONNEL_FILE_CONSENT_WORDING,
            "employment": learner_employment(learner=learner, applications=applications),
        }
    return render(request, "learners/me.html", context)


@learner_required
@require_POST
def consent_give(request):
    learner = learner_for_user(request.user)
    if learner is None:
        raise Http404
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        services.consent_give(learner=learner, by=request.user)
        messages.success(request, "Thank you: your consent is recorded. You can withdraw it at any time.")
    else:
        messages.error(request, "Tick the box to show you agree before saving your consent.")
    return redirect("learners:me")


@learner_required
@require_POST
def consent_withdraw(request):
    learner = learner_for_user(request.user)
    consent = live_consent(learner) if learner else None
    if consent is None:
        messages.info(request, "There is no consent to withdraw.")
    else:
        services.consent_withdraw(consent=consent, by=request.user)
        audit_record(action="consent.withdraw", request=request, obj=consent, learner_id=learner.pk)
        messages.success(request, "Your consent is withdrawn. The academy will not share your personnel file.")
    return redirect("learners:me")


# --- Staff: enquiries --------------------------------------------------------------------------


@staff_required
def enquiry_list(request):
    localities = list(request.user.localities.all())
    enquiries = Enquiry.objects.select_related("locality", "learner")
    if localities:
        enquiries = enquiries.filter(locality__in=localities)
    form = forms.EnquiryForm(request.POST or None)
    if localities:
        form.fields["locality"].queryset = request.user.localities.all()
    if response := handle_form(
        request, form, lambda: services.enquiry_record(by=request.user, **form.cleaned_data),
        success_message="Enquiry recorded.", success_url="learners:enquiries",
    ):
        return response
    return render(request, "learners/enquiries.html", {"enquiries": enquiries[:200], "form": form})


# --- Staff: values and question banks ----------------------------------------------------------


@staff_required
def values_home(request):
    values = AcademyValue.objects.all()
    banks = QuestionBank.objects.annotate(n_questions=Count("questions"))
    return render(request, "learners/values_home.html", {"values": values, "banks": banks})


@staff_required
def value_edit(request, pk=None):
    value = get_object_or_404(AcademyValue, pk=pk) if pk else None
    form = forms.AcademyValueForm(request.POST or None, instance=value)
    if response := handle_form(
        request, form, lambda: services.academy_value_save(value=value, **form.cleaned_data),
        success_message="Value saved.", success_url="learners:values",
    ):
        return response
    title = f"Edit the value “{value}”" if value else "Add a value"
    return render(request, "form_page.html", {"form": form, "title": title,
                                              "cancel_url": reverse("learners:values")})


@staff_required
def bank_edit(request, pk=None):
    bank = get_object_or_404(QuestionBank, pk=pk) if pk else None
    form = forms.QuestionBankForm(request.POST or None, instance=bank)
    if response := handle_form(
        request, form, lambda: services.question_bank_save(bank=bank, **form.cleaned_data),
        success_message="Question bank saved.",
        success_url=lambda saved: reverse("learners:bank_detail", args=[saved.pk]),
    ):
        return response
    title = f"Edit “{bank}”" if bank else "Add a question bank"
    return render(request, "form_page.html", {"form": form, "title": title,
                                              "cancel_url": reverse("learners:values")})


@staff_required
def bank_detail(request, pk):
    bank = get_object_or_404(QuestionBank, pk=pk)
    form = forms.ScreeningQuestionForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: services.screening_question_add(bank=bank, **form.cleaned_data),
        success_message="Question added.", success_url=reverse("learners:bank_detail", args=[bank.pk]),
    ):
        return response
    questions = bank.questions.select_related("value")
    return render(request, "learners/bank_detail.html", {"bank": bank, "questions": questions, "form": form,
                                                         "cohorts": bank.cohorts.select_related("locality")})


@staff_required
@require_POST
def bank_copy(request, pk):
    bank = get_object_or_404(QuestionBank, pk=pk)
    name = f"{bank.name} (copy)"
    n = 2
    while QuestionBank.objects.filter(name=name).exists():
        name, n = f"{bank.name} (copy {n})", n + 1
    copy = services.question_bank_copy(bank=bank, name=name)
    messages.success(request, f"Copied to “{copy.name}”. Rename it and change its questions as you need.")
    return redirect("learners:bank_detail", pk=copy.pk)


# --- Staff: cohort board -----------------------------------------------------------------------


@staff_required
@no_store
def board(request, cohort_pk):
    cohort = get_cohort_for_staff_or_404(request.user, cohort_pk)
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    flag = request.GET.get("flag", "")
    flag = flag if flag in BOARD_FILTERS else ""
    rows = cohort_board(cohort=cohort, stage=stage, flag=flag)
    audit_record(action="dbs.view", request=request, obj=cohort, note=f"DBS status on cohort board ({len(rows)})")
    return render(request, "learners/board.html", {
        "cohort": cohort, "rows": rows, "stage": stage, "flag": flag, "stages": Stage.choices,
        "flags": [("dbs_blocked", "Blocked on DBS"), ("no_consent", "No consent to share"),
                  ("references_outstanding", "References outstanding")],
    })


@staff_required
@no_store
def cohort_dbs(request, cohort_pk):
    cohort = get_cohort_for_staff_or_404(request.user, cohort_pk)
    rows = cohort_dbs_blocked(cohort=cohort)
    audit_record(action="dbs.view", request=request, obj=cohort, note=f"Blocked on DBS list ({len(rows)})")
    return render(request, "learners/cohort_dbs.html", {"cohort": cohort, "rows": rows})


# --- Staff: learner detail ---------------------------------------------------------------------


@staff_required
@no_store
def detail(request, pk):
    # The record is fetched through the staff member's visible learners, so one query decides both
    # what they may see and what the page shows.
    learner = learner_record(learner_pk=pk, visible=learners_visible_to(request.user))
    if learner is None:
        raise Http404("No such learner.")
    audit_record_batch(
        events=[("dbs.view", c) for c in learner.dbs_checks.all()]
        + [("right_to_work.view", c) for c in learner.right_to_work_checks.all()],
        request=request, learner_id=learner.pk, note="learner detail",
    )
    return render(request, "learners/detail.html", {
        "learner": learner, "timeline": learner_timeline(learner), "tasks": learner_tasks(learner),
        "consent": next((c for c in learner.consents.all() if c.withdrawn_at is None), None),
        "surveys_due": surveys_due(learner=learner, for_staff=True, applications=learner.applications.all()),
    })


def _application_for_staff(user, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("learner", "cohort__programme", "cohort__locality"), pk=pk
    )
    get_learner_for_staff_or_404(user, application.learner_id)
    return application


@staff_required
def screening(request, application_pk):
    application = _application_for_staff(request.user, application_pk)
    existing = ValuesScreening.objects.filter(application=application).first()
    if existing is None and application.stage != Stage.APPLIED:
        messages.error(request, "Only an application waiting for screening can be screened.")
        return redirect("learners:detail", pk=application.learner_id)
    values = AcademyValue.objects.filter(is_active=True)
    instance = existing or ValuesScreening(application=application, question_bank=application.cohort.question_bank)
    decided = instance.outcome != ValuesScreening.Outcome.PENDING
    form = forms.ScreeningForm(request.POST or None, instance=instance, values=values)

    def save_screening():
        # Starting, recording and (if chosen) deciding are one step for the person: if any refuses, none is kept.
        data = form.cleaned_data
        with transaction.atomic():
            record = existing or services.screening_start(application=application, by=request.user)
            fields = {name: data[name] for name in forms.ScreeningForm.Meta.fields}
            services.screening_record(screening=record, by=request.user, scores=form.scores, panel=form.panel,
                                      **fields)
            if data["decide_outcome"]:
                services.screening_decide(screening=record, by=request.user, outcome=data["decide_outcome"],
                                          reason=data["decide_reason"], college=data["decide_college"])
        return data["decide_outcome"]

    if not decided and (response := handle_form(
        request, form, save_screening,
        success_message=lambda outcome: "Screening saved." + (
            f" Outcome recorded: {ValuesScreening.Outcome(outcome).label}." if outcome else ""),
        success_url=lambda outcome: (reverse("learners:detail", args=[application.learner_id]) if outcome
                                     else reverse("learners:screening", args=[application.pk])),
    )):
        return response
    bank = instance.question_bank
    return render(request, "learners/screening.html", {
        "application": application, "screening": existing, "form": form, "decided": decided, "values": values,
        "questions": bank.questions.select_related("value") if bank else [],
    })


@staff_required
@require_POST
def screening_decide(request, application_pk):
    application = _application_for_staff(request.user, application_pk)
    screening = get_object_or_404(ValuesScreening, application=application)
    form = forms.ScreeningDecisionForm(request.POST)
    if response := handle_form(
        request, form, lambda: services.screening_decide(screening=screening, by=request.user, **form.cleaned_data),
        success_message=lambda _: f"Outcome recorded: {ValuesScreening.Outcome(form.cleaned_data['outcome']).label}.",
        success_url=reverse("learners:detail", args=[application.learner_id]),
    ):
        return response
    values = AcademyValue.objects.filter(is_active=True)
    chosen = {f"decide_{name}": request.POST.get(name, "") for name in ("outcome", "college", "reason")}
    return render(request, "learners/screening.html", {
        "application": application, "screening": screening, "decided": False, "values": values,
        "form": forms.ScreeningForm(instance=screening, values=values, initial=chosen), "decision_form": form,
        "questions": screening.question_bank.questions.select_related("value") if screening.question_bank else [],
    }, status=400)


@staff_required
def enrol(request, application_pk):
    application = _application_for_staff(request.user, application_pk)
    form = forms.EnrolForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: services.application_enrol(
            application=application, by=request.user, consent_given=form.cleaned_data["consent_given"]),
        success_message=f"{application.learner} is enrolled on {application.cohort.name}.",
        success_url=reverse("learners:detail", args=[application.learner_id]),
    ):
        return response
    return render(request, "learners/enrol.html", {"application": application, "form": form,
                                                   "wording": services.PERSONNEL_FILE_CONSENT_WORDING},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def application_withdraw(request, application_pk):
    application = _application_for_staff(request.user, application_pk)
    handle_action(
        request, lambda: services.application_transition(application=application, to_stage=Stage.WITHDRAWN,
                                                         by=request.user, note=request.POST.get("note", "")[:255]),
        success_message="The application is withdrawn.",
    )
    return redirect("learners:detail", pk=application.learner_id)


# --- Staff: records added to a learner (support, DBS, references, right to work, employment) -------

def _about(learner) -> dict:
    """The shared form page names the learner a staff form is about, links to them and cancels back to them."""
    detail = reverse("learners:detail", args=[learner.pk])
    return {"subject": learner.full_name, "subject_url": detail, "cancel_url": detail}


LEARNER_FORMS = {
    "dbs": (forms.DbsCreateForm, services.dbs_check_create, "Start a DBS check"),
    "reference": (forms.ReferenceForm, services.reference_request, "Request a reference"),
    "right_to_work": (forms.RightToWorkForm, services.right_to_work_record, "Record a right-to-work check"),
    "employment": (forms.EmploymentHistoryForm, services.employment_history_add, "Add employment history"),
}


@staff_required
@no_store
def learner_add(request, pk, kind):
    if kind not in LEARNER_FORMS:
        raise Http404("No such record type.")
    learner = get_learner_for_staff_or_404(request.user, pk)
    form_class, service, title = LEARNER_FORMS[kind]
    form = form_class(request.POST or None, request.FILES or None)
    if response := handle_form(
        request, form, lambda: service(learner=learner, by=request.user, **form.cleaned_data),
        # A DBS check says the status it was saved with, as its page then shows.
        success_message=lambda record: f"{title}: saved." + (
            f" Status: {record.get_status_display()}." if isinstance(record, DbsCheck) else ""),
        success_url=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    return render(request, "form_page.html", {"form": form, "title": title, **_about(learner)},
                  status=400 if form.errors else 200)


@staff_required
def support_add(request, pk):
    """Support given (travel, childcare, clothing, lunch) is kept with the impact figures, per application."""
    learner = get_learner_for_staff_or_404(request.user, pk)
    form = forms.SupportForm(request.POST or None, learner=learner)
    if response := handle_form(
        request, form, lambda: support_spend_record(**form.cleaned_data), success_message="Support recorded.",
        success_url=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    return render(request, "form_page.html", {"form": form, "title": "Record support given", **_about(learner)},
                  status=400 if form.errors else 200)


# --- Staff: DBS ----------------------------------------------------------------------------------


def _dbs_for_staff(user, pk) -> DbsCheck:
    check = get_object_or_404(DbsCheck.objects.select_related("learner", "decision_by"), pk=pk)
    get_learner_for_staff_or_404(user, check.learner_id)
    return check


def _render_dbs(request, check, status=200, **form_overrides):
    audit_record(action="dbs.view", request=request, obj=check, learner_id=check.learner_id)
    context = {
        "check": check, "learner": check.learner,
        "events": check.events.select_related("by"), "status_checks": check.status_checks.select_related("checked_by"),
        "transition_form": forms.DbsTransitionForm(current=check.status),
        "status_check_form": forms.DbsStatusCheckForm(), "decision_form": forms.DbsDecisionForm(),
    }
    context.update(form_overrides)
    return render(request, "learners/dbs_detail.html", context, status=status)


@staff_required
@no_store
def dbs_detail(request, pk):
    return _render_dbs(request, _dbs_for_staff(request.user, pk))


@staff_required
@require_POST
@no_store
def dbs_transition(request, pk):
    check = _dbs_for_staff(request.user, pk)
    form = forms.DbsTransitionForm(request.POST, current=check.status)
    if response := handle_form(
        request, form, lambda: services.dbs_check_transition(dbs_check=check, by=request.user, **form.cleaned_data),
        success_message=lambda saved: f"DBS check updated: {saved.get_status_display()}.",
        success_url=reverse("learners:dbs_detail", args=[check.pk]),
    ):
        return response
    return _render_dbs(request, check, status=400, transition_form=form)


@staff_required
@require_POST
@no_store
def dbs_status_check(request, pk):
    check = _dbs_for_staff(request.user, pk)
    form = forms.DbsStatusCheckForm(request.POST)
    if response := handle_form(
        request, form,
        lambda: services.dbs_status_check_record(dbs_check=check, by=request.user, **form.cleaned_data),
        success_message="Status check recorded.", success_url=reverse("learners:dbs_detail", args=[check.pk]),
    ):
        return response
    return _render_dbs(request, check, status=400, status_check_form=form)


@staff_required
@require_POST
@no_store
def dbs_decision(request, pk):
    check = _dbs_for_staff(request.user, pk)
    form = forms.DbsDecisionForm(request.POST)
    if response := handle_form(
        request, form, lambda: services.dbs_decision_record(dbs_check=check, by=request.user, **form.cleaned_data),
        success_message="Recruitment decision recorded.",
        success_url=reverse("learners:dbs_detail", args=[check.pk]),
    ):
        return response
    return _render_dbs(request, check, status=400, decision_form=form)


# --- Staff: documents ----------------------------------------------------------------------------


@staff_required
def reference_received(request, pk):
    reference = get_object_or_404(Reference.objects.select_related("learner"), pk=pk)
    get_learner_for_staff_or_404(request.user, reference.learner_id)
    form = forms.ReferenceReceivedForm(request.POST or None)
    if response := handle_form(
        request, form,
        lambda: services.reference_mark_received(reference=reference, by=request.user, **form.cleaned_data),
        success_message=f"Reference from {reference.referee_name} marked received.",
        success_url=reverse("learners:detail", args=[reference.learner_id]),
    ):
        return response
    return render(request, "form_page.html", {
        "form": form, "title": f"Reference received from {reference.referee_name}", **_about(reference.learner),
    }, status=400 if form.errors else 200)


@staff_required
def right_to_work_file(request, pk):
    """The uploaded document image, only to staff who can see the learner, and every opening audited."""
    check = get_object_or_404(RightToWorkCheck, pk=pk)
    get_learner_for_staff_or_404(request.user, check.learner_id)
    if not check.image:
        raise Http404("No document image was uploaded for this check.")
    audit_record(action="right_to_work.view_file", request=request, obj=check, learner_id=check.learner_id)
    extension = {"application/pdf": "pdf", "image/png": "png"}.get(check.image_content_type, "jpg")
    return private_file_response(check.image, content_type=check.image_content_type,
                                 download_name=f"right-to-work-{check.pk}.{extension}")



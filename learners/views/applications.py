"""Staff: screening (or acceptance without one), enrolment and withdrawal of an application."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from academy.form_handling import handle_action, handle_form
from academy.permissions import staff_required

from .. import forms
from ..models import (
    AcademyValue,
    Application,
    Stage,
    ValuesScreening,
)
from ..permissions import get_learner_for_staff_or_404
from ..services import screening as screening_services
from ..services.applications import application_enrol, application_transition
from ..services.consent import PERSONNEL_FILE_CONSENT_WORDING
from ..services.screening import screening_record, screening_start


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
            record = existing or screening_start(application=application, by=request.user)
            fields = {name: data[name] for name in forms.ScreeningForm.Meta.fields}
            screening_record(screening=record, by=request.user, scores=form.scores, panel=form.panel, **fields)
            if data["decide_outcome"]:
                screening_services.screening_decide(screening=record, by=request.user, outcome=data["decide_outcome"],
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
        request, form, lambda: screening_services.screening_decide(screening=screening, by=request.user, **form.cleaned_data),
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
@require_POST
def application_accept(request, application_pk):
    """Accepts an applicant to a programme without values screening; back to the page the button was on."""
    application = _application_for_staff(request.user, application_pk)
    handle_action(
        request, lambda: screening_services.application_accept_without_screening(application=application,
                                                                                 by=request.user),
        success_message=f"{application.learner} is accepted onto {application.cohort.name}. Enrol them next.",
    )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("learners:detail", pk=application.learner_id)


@staff_required
def enrol(request, application_pk):
    application = _application_for_staff(request.user, application_pk)
    form = forms.EnrolForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: application_enrol(
            application=application, by=request.user, consent_given=form.cleaned_data["consent_given"]),
        success_message=f"{application.learner} is enrolled on {application.cohort.name}.",
        success_url=reverse("learners:detail", args=[application.learner_id]),
    ):
        return response
    return render(request, "learners/enrol.html", {"application": application, "form": form,
                                                   "wording": PERSONNEL_FILE_CONSENT_WORDING},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def application_withdraw(request, application_pk):
    application = _application_for_staff(request.user, application_pk)
    handle_action(
        request, lambda: application_transition(application=application, to_stage=Stage.WITHDRAWN,
                                                by=request.user, note=request.POST.get("note", "")[:255]),
        success_message="The application is withdrawn.",
    )
    return redirect("learners:detail", pk=application.learner_id)

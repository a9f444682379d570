"""The learner's own pages: their record, consent given and withdrawn, their contact details and
preferences."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from academy.form_handling import handle_form
from academy.permissions import learner_required
from academy.services import audit_record
from courses.selectors import PLACE_TAKING_STAGES
from impact.selectors.surveys import surveys_due
from placements.selectors import learner_employment

from .. import forms
from ..forms_records import LearnerDetailsForm
from ..selectors import (
    attach_timeline_interviews,
    learner_for_user,
    learner_home_record,
    learner_tasks,
    learner_timeline,
    live_consent,
)
from ..services import consent as consent_services
from ..services.consent import PERSONNEL_FILE_CONSENT_WORDING
from ..services.records import learner_details_update


@learner_required
def me(request):
    learner = learner_home_record(user=request.user)
    context = {"learner": None}
    if learner is not None:
        applications = learner.applications.all()
        employment = learner_employment(learner=learner, applications=applications)
        attach_timeline_interviews(applications, employment["interviews"])
        context = {
            "learner": learner, "timeline": learner_timeline(learner, who=False), "tasks": learner_tasks(learner),
            "surveys_due": surveys_due(learner=learner, applications=applications),
            "consent": next((c for c in learner.consents.all() if c.withdrawn_at is None), None),
            "consent_form": forms.ConsentForm(), "consent_wording": PERSONNEL_FILE_CONSENT_WORDING,
            "employment": employment,
            "session_calendar_cohorts": {a.cohort_id for a in applications if a.stage in PLACE_TAKING_STAGES},
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
        consent_services.consent_give(learner=learner, by=request.user)
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
        consent_services.consent_withdraw(consent=consent, by=request.user)
        audit_record(action="consent.withdraw", request=request, obj=consent, learner_id=learner.pk)
        messages.success(request, "Your consent is withdrawn. The academy will not share your personnel file.")
    return redirect("learners:me")


@learner_required
def my_details(request):
    learner = learner_for_user(request.user)
    if learner is None or learner.erased_at is not None:
        raise Http404("No learner record is linked to this account.")
    form = LearnerDetailsForm(request.POST or None, initial=LearnerDetailsForm.initial_for(learner))
    if response := handle_form(
        request, form,
        lambda: learner_details_update(learner=learner, by=request.user, request=request,
                                       **form.cleaned_data),
        success_message=lambda changed: "Your details are saved." if changed else "Nothing was changed.",
        success_url="learners:me",
    ):
        return response
    return render(request, "learners/my_details.html", {"learner": learner, "form": form},
                  status=400 if form.errors else 200)

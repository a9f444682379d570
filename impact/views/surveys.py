"""Survey pages: learners answer their own, staff type in paper checks and phone follow-ups, providers rate the
academy, staff record NESTA evidence reviews. Thin: who is asking, the form, one service call."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from academy.form_handling import handle_form
from academy.permissions import learner_required, provider_required, staff_required
from courses.models import Programme
from impact import permissions
from impact.forms.surveys import (
    EvidenceReviewForm,
    FollowUpForm,
    ProviderSatisfactionForm,
    ResilienceCheckForm,
    SatisfactionForm,
)
from impact.models import WellbeingSurvey
from impact.selectors.surveys import cohorts_worked_with, surveys_due
from impact.services.surveys import (
    evidence_review_record,
    follow_up_record,
    follow_up_refusal,
    learner_satisfaction_give,
    learner_satisfaction_refusal,
    provider_satisfaction_give,
    resilience_check_record,
    resilience_check_refusal,
)
from learners.selectors import learner_for_user


def _page(request, form, *, title, intro, back, refusal="", submit="Send my answers", testid="survey-form"):
    return render(request, "impact/survey_form.html", {
        "form": form, "title": title, "intro": intro, "back": back, "refusal": refusal, "submit": submit,
        "testid": testid,
    }, status=400 if form.errors else 200)


def _back(application, staff: bool) -> str:
    return reverse("learners:detail", args=[application.learner_id]) if staff else reverse("learners:me")


# --- The resilience check ----------------------------------------------------------------------------


def _resilience(request, application_pk, moment, *, staff: bool):
    application = permissions.get_survey_application_or_404(request.user, application_pk)
    refusal = resilience_check_refusal(application=application, moment=moment)
    form = ResilienceCheckForm(request.POST or None, paper=staff)
    back = _back(application, staff)
    if not refusal and (response := handle_form(
        request, form, lambda: resilience_check_record(
            application=application, moment=moment, answers=form.answers, taken_on=form.cleaned_data.get("taken_on"),
            by=request.user, request=request),
        success_message="The resilience check is recorded." if staff else "Thank you: your answers are saved.",
        success_url=back,
    )):
        return response
    when = "start" if moment == WellbeingSurvey.Moment.START else "end"
    course = application.cohort.name
    if staff:
        title = f"Record a paper resilience check: {application.learner.full_name}"
        intro = (f"Type in the answers from the paper copy of the check at the {when} of {course}, "
                 "exactly as the learner marked them.")
    else:
        title = f"How you feel: the check at the {when} of your course"
        intro = (f"Six short statements about how you cope when things get hard ({course}). There are no right "
                 "or wrong answers. We ask at the start and at the end of the course to see how it has helped.")
    return _page(request, form, title=title, intro=intro, back=back, refusal=refusal, testid="resilience-form",
                 submit="Save the check" if staff else "Send my answers")


@learner_required
def resilience(request, application_pk, moment):
    return _resilience(request, application_pk, moment, staff=False)


@staff_required
def staff_resilience(request, application_pk, moment):
    return _resilience(request, application_pk, moment, staff=True)


# --- Follow-ups after a job start ----------------------------------------------------------------------


@learner_required
def survey(request):
    """The page the follow-up reminder links to: the learner's follow-up that is due, if any."""
    learner = learner_for_user(request.user)
    due = [s for s in surveys_due(learner=learner) if s.kind == "follow_up"] if learner else []
    if not due:
        messages.info(request, "There is no check-in for you to answer at the moment. Thank you.")
        return redirect("learners:me")
    return redirect(due[0].url)


def _follow_up(request, application_pk, month, *, staff: bool):
    application = permissions.get_survey_application_or_404(request.user, application_pk)
    refusal = follow_up_refusal(application=application, month=month)
    job_start = min(application.job_starts.all(), key=lambda s: s.started_on, default=None)
    employer = job_start.employer_label if job_start else ""
    form = FollowUpForm(request.POST or None, employer=employer, staff=staff)
    back = _back(application, staff)
    if not refusal and (response := handle_form(
        request, form, lambda: follow_up_record(application=application, month=month, by=request.user,
                                                request=request, **form.cleaned_data),
        success_message=f"The {month}-month follow-up is recorded." if staff else "Thank you: your answers are saved.",
        success_url=back,
    )):
        return response
    if staff:
        title = f"Record the {month}-month follow-up by phone: {application.learner.full_name}"
        intro = "Ask the learner these two questions and record what they say."
    else:
        title = f"Your {month}-month check-in"
        intro = ("Two quick questions about how work is going. Your answers help the academy support the next "
                 "learners and keep people in care jobs.")
    return _page(request, form, title=title, intro=intro, back=back, refusal=refusal, testid="follow-up-form",
                 submit="Save the follow-up" if staff else "Send my answers")


@learner_required
def follow_up(request, application_pk, month):
    return _follow_up(request, application_pk, month, staff=False)


@staff_required
def staff_follow_up(request, application_pk, month):
    return _follow_up(request, application_pk, month, staff=True)


# --- Satisfaction ------------------------------------------------------------------------------------


@learner_required
def satisfaction(request, application_pk):
    application = permissions.get_survey_application_or_404(request.user, application_pk)
    refusal = learner_satisfaction_refusal(application=application)
    form = SatisfactionForm(request.POST or None)
    if not refusal and (response := handle_form(
        request, form, lambda: learner_satisfaction_give(application=application, by=request.user, request=request,
                                                         **form.cleaned_data),
        success_message="Thank you for telling us how the course went.", success_url="learners:me",
    )):
        return response
    return _page(request, form, title=f"How did {application.cohort.name} go?",
                 intro="Your answer helps the academy improve the course for the next learners.",
                 back=reverse("learners:me"), refusal=refusal, testid="satisfaction-form")


@provider_required
def provider_satisfaction(request):
    provider = request.user.provider
    form = ProviderSatisfactionForm(request.POST or None, cohorts=cohorts_worked_with(provider=provider))
    if response := handle_form(
        request, form, lambda: provider_satisfaction_give(provider=provider, by=request.user, request=request,
                                                          **form.cleaned_data),
        success_message="Thank you for your feedback about the academy.", success_url="providers:home",
    ):
        return response
    return _page(request, form, title="How is the academy doing for you?",
                 intro=("Tell us how satisfied your organisation is with the academy: the learners it prepares, the "
                        "placements and the interviews. You can answer about one cohort you worked with, or in "
                        "general."),
                 back=reverse("providers:home"), testid="provider-satisfaction-form", submit="Send feedback")


# --- NESTA evidence reviews ----------------------------------------------------------------------------


@staff_required
def evidence_review(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    form = EvidenceReviewForm(request.POST or None)
    back = reverse("impact:evidence_detail", args=[programme.slug])
    if response := handle_form(
        request, form, lambda: evidence_review_record(programme=programme, by=request.user, request=request,
                                                      **form.cleaned_data),
        success_message="The evidence review is recorded.", success_url=back,
    ):
        return response
    return _page(request, form, title=f"Record an evidence review: {programme.name}",
                 intro=("Where does the programme stand on the NESTA standards of evidence? The newest review is "
                        "shown as the programme's level; earlier ones stay as history."),
                 back=back, testid="evidence-review-form", submit="Save the review")

"""Staff pages: a job gained outside the portal, and the feedback a learner sees after "no offer"."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from academy.form_handling import handle_form
from academy.permissions import staff_required
from learners.models import Application
from learners.permissions import get_learner_for_staff_or_404

from . import outcomes
from . import permissions as perms
from .forms_outcomes import InterviewFeedbackForm, OutsideJobForm
from .models import Interview


@staff_required
def outside_job(request, application_pk):
    """Record an offer, or an offer and its start, gained outside the portal's vacancies and interviews."""
    application = Application.objects.select_related("learner", "cohort").filter(pk=application_pk).first()
    if application is None:
        raise Http404("No such application.")
    learner = get_learner_for_staff_or_404(request.user, application.learner_id)
    form = OutsideJobForm(request.POST or None)

    def save():
        data = form.cleaned_data
        job = {"application": application, "by": request.user, "offered_on": data["offered_on"],
               "role": data["role"], "how_found": data["how_found"], "provider": data.get("provider"),
               "employer_name": data.get("employer_name") or "", "setting": data.get("setting"),
               "hours_per_week": data.get("hours_per_week"), "request": request}
        if data.get("started_on"):
            return outcomes.outside_start_record(started_on=data["started_on"], **job)
        return outcomes.outside_offer_record(accepted=data.get("accepted", False), **job)

    back = reverse("learners:detail", args=[learner.pk])
    if response := handle_form(request, form, save, success_message=(
            "Recorded. It counts in every figure, follow-up and reminder like a job found through the portal."),
            success_url=back):
        return response
    return render(request, "form_page.html", {
        "form": form, "back_url": back, "title": f"A job {learner.full_name} found outside the portal",
        "intro": f"{application.cohort.name}. Record the offer (and the start, if they have started). "
                 "The offer date is the day the offer was made.",
    }, status=400 if form.errors else 200)


@staff_required
def interview_feedback(request, pk):
    """Staff edit the provider's "no offer" reason into feedback and show it on the learner's timeline."""
    interview = perms.get_or_404(perms.interviews_visible_to(request.user).select_related(
        "application__learner", "vacancy", "provider"), pk, "interview")
    if interview.outcome != Interview.Outcome.NO_OFFER:
        raise Http404("Feedback is for an interview that ended without an offer.")
    form = InterviewFeedbackForm(request.POST or None,
                                 initial={"feedback": interview.learner_feedback or interview.outcome_reason})
    if response := handle_form(
        request, form,
        lambda: outcomes.interview_feedback_release(interview=interview, by=request.user,
                                                    feedback=form.cleaned_data["feedback"], request=request),
        success_message="The learner can now see this feedback on their page.",
        success_url=reverse("learners:detail", args=[interview.application.learner_id]),
    ):
        return response
    shown = (f" Shown to the learner since {interview.feedback_shown_at:%d %B %Y}; they will see any change."
             if interview.feedback_shown_at else " The learner does not see it until you save it here.")
    return render(request, "form_page.html", {
        "form": form, "title": f"Interview feedback for {interview.application.learner.full_name}",
        "intro": f"{interview.vacancy.role_title} at {interview.provider.name}. The provider's reason for no offer: "
                 f"“{interview.outcome_reason}”." + shown,
        "back_url": reverse("learners:detail", args=[interview.application.learner_id]),
    }, status=400 if form.errors else 200)

"""Staff pages for course outcomes: close a cohort from its board, or mark one learner on their own."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from academy.form_handling import handle_form
from academy.permissions import staff_required
from learners.models import Application
from learners.permissions import get_learner_for_staff_or_404

from . import outcomes
from .forms_outcomes import CohortCloseForm, CourseOutcomeForm
from .permissions import cohorts_visible_to, get_cohort_for_staff_or_404


@staff_required
def cohort_close(request, pk):
    """The closing board: every learner enrolled on the cohort, attendance beside each, decided together."""
    cohort = get_cohort_for_staff_or_404(request.user, pk)
    rows = outcomes.cohort_closing_rows(cohort=cohort)
    later = outcomes.later_cohorts(cohort=cohort, visible=cohorts_visible_to(request.user))
    form = CohortCloseForm(request.POST or None, rows=rows, later_cohorts=later, cohort=cohort)
    if response := handle_form(
        request, form,
        lambda: outcomes.cohort_close(cohort=cohort, by=request.user, decisions=form.decisions(), request=request),
        success_message=lambda saved: f"Outcomes saved for {len(saved)} learner{'s' if len(saved) != 1 else ''}.",
        success_url=reverse("courses:cohort_close", args=[cohort.pk]),
    ):
        return response
    return render(request, "courses/cohort_close.html", {
        "cohort": cohort, "rows": rows, "form": form, "undecided": len(form.applications),
        "threshold": rows[0].threshold if rows else None,
    }, status=400 if form.errors else 200)


@staff_required
def course_outcome(request, application_pk):
    """One learner's outcome on their current cohort (or a move to a later cohort)."""
    application = Application.objects.select_related("learner", "cohort").filter(pk=application_pk).first()
    if application is None:
        raise Http404("No such application.")
    learner = get_learner_for_staff_or_404(request.user, application.learner_id)
    cohort = application.cohort
    later = outcomes.later_cohorts(cohort=cohort, visible=cohorts_visible_to(request.user))
    form = CourseOutcomeForm(request.POST or None, later_cohorts=later, cohort=cohort)

    def save():
        data = form.cleaned_data
        return outcomes.course_outcome_record(
            application=application, by=request.user, result=data["result"], on=data["on"],
            reason=data.get("reason") or "", note=data.get("note") or "",
            moved_to=data.get("moved_to") if data.get("reason") == "moved_cohort" else None, request=request)

    if response := handle_form(request, form, save, success_message="Course outcome saved.",
                               success_url=reverse("learners:detail", args=[learner.pk])):
        return response
    return render(request, "form_page.html", {
        "form": form, "title": "Course outcome", "subject": f"{learner.full_name}, {cohort.name}",
        "subject_url": reverse("learners:detail", args=[learner.pk]),
        "cancel_url": reverse("learners:detail", args=[learner.pk]),
        "intro": "Completed the course, or did not complete and why, with the date. A learner who stops and "
                 "picks up a later cohort keeps this application: choose “Moved to another cohort” and the "
                 "cohort; the two places stay linked.",
    }, status=400 if form.errors else 200)

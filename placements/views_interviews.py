"""An interview's calendar file, and staff cancelling or moving a booked interview
(placements.interview_changes)."""

from django.urls import reverse

from academy.calendars import ics_response
from academy.form_handling import handle_form
from academy.permissions import staff_required
from academy.services import audit_record

from . import interview_changes, selectors
from . import permissions as perms
from .calendars import interview_calendar as interview_calendar_file
from .forms import InterviewCancelForm, InterviewMoveForm
from .views import _form_page, anyone_signed_in


def _interview_for_staff(user, pk):
    """Only interviews of learners the staff member may see (others get a 404)."""
    return perms.get_or_404(perms.interviews_visible_to(user).select_related(
        "application__learner", "vacancy", "provider", "slot__site"), pk, "interview")


def _intro(interview) -> str:
    return (f"{interview.vacancy.role_title} at {interview.provider}, {interview.slot.site.name}, "
            f"{interview.slot.starts_at:%A %d %B %Y %H:%M}. The learner is emailed the reason, it shows on their "
            "page as cancelled by the academy (not as their own withdrawal), and the time is offered again.")


@staff_required
def interview_cancel(request, pk):
    interview = _interview_for_staff(request.user, pk)
    form = InterviewCancelForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: interview_changes.interview_cancel_by_staff(
            interview=interview, by=request.user, reason=form.cleaned_data["reason"]),
        success_message=f"Interview cancelled. {interview.application.learner} has been told why.",
        success_url=reverse("placements:matches", args=[interview.application.learner_id]),
    ):
        return response
    response = _form_page(request, form, f"Cancel {interview.application.learner}'s interview", _intro(interview),
                          back=reverse("placements:interviews"))
    response.status_code = 400 if form.errors else 200
    return response


@staff_required
def interview_move(request, pk):
    interview = _interview_for_staff(request.user, pk)
    form = InterviewMoveForm(request.POST or None,
                             slots=selectors.free_slots().filter(vacancy_id=interview.vacancy_id))
    if response := handle_form(
        request, form, lambda: interview_changes.interview_move(
            interview=interview, by=request.user, reason=form.cleaned_data["reason"],
            slot=form.cleaned_data["slot"], starts_at=form.cleaned_data["starts_at"], ends_at=form.ends_at()),
        success_message=f"Interview moved. {interview.application.learner} has been told the new time.",
        success_url=reverse("placements:matches", args=[interview.application.learner_id]),
    ):
        return response
    response = _form_page(request, form, f"Move {interview.application.learner}'s interview", _intro(interview),
                          back=reverse("placements:interviews"))
    response.status_code = 400 if form.errors else 200
    return response


@anyone_signed_in
def interview_calendar(request, pk):
    """The learner their own interviews, staff those of learners in their localities, a provider its own;
    the learner's name in the file follows providers.permissions."""
    interview = perms.get_or_404(perms.interviews_visible_to(request.user), pk, "interview")
    content = interview_calendar_file(interview, viewer=request.user)
    audit_record(action="interview.calendar", request=request, obj=interview,
                 learner_id=interview.application.learner_id)
    return ics_response(content, filename=f"interview-{interview.pk}.ics")

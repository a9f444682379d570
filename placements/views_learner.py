"""The learner cancels an interview they booked themselves. Thin: fetch through the learner's own
interviews (404 for anyone else's), confirm on GET, one service call on POST."""

from django.shortcuts import redirect, render

from academy.form_handling import handle_action
from academy.permissions import learner_required

from . import permissions as perms
from . import services


@learner_required
def interview_cancel(request, pk):
    interview = perms.get_or_404(perms.interviews_visible_to(request.user).select_related(
        "application__learner", "vacancy", "provider", "slot__site"), pk, "interview")
    if request.method == "POST":
        handle_action(request, lambda: services.interview_cancel_by_learner(interview=interview, by=request.user),
                      success_message=f"Your interview for {interview.vacancy.role_title} at {interview.provider.name} "
                                      "is cancelled. The time is free for someone else, and the employer has been "
                                      "told through the portal.")
        return redirect("placements:my")
    refusal = services.interview_cancel_refusal(interview)
    return render(request, "placements/interview_cancel.html", {
        "interview": interview, "refusal": refusal.message if refusal else ""})

"""Who may see which impact figures. Partners see suppressed aggregates; staff see everything,
with drill-down to the learners they may see (learners.permissions.learners_visible_to)."""

from django.http import Http404

from academy.models import User
from academy.permissions import role_required

from .models import ImpactReport

# The dashboard, evidence and report pages: staff see them unsuppressed, partners suppressed.
staff_or_partner = role_required(User.Role.PARTNER, User.Role.STAFF)


def sees_unsuppressed_figures(user) -> bool:
    return user.is_authenticated and user.role == User.Role.STAFF


def can_drill_down(user) -> bool:
    return sees_unsuppressed_figures(user)


def reports_visible_to(user):
    qs = ImpactReport.objects.select_related("locality", "requested_by")
    if user.role == User.Role.STAFF:
        return qs
    if user.role == User.Role.PARTNER:
        # A partner sees the reports people in their own organisation asked for.
        return qs.filter(requested_by__partner_organisation=user.partner_organisation_id)
    return qs.none()


def get_report_for_user(user, pk) -> ImpactReport:
    """404 for a report the user may not see (outsiders learn nothing about it)."""
    report = reports_visible_to(user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    return report


def can_review_evidence(user) -> bool:
    """Staff record NESTA evidence reviews; partners only read them."""
    return sees_unsuppressed_figures(user)


def get_survey_application_or_404(user, pk):
    """An application whose surveys this user may answer or record: a learner's own, or (for staff) one of a
    learner they can see. The role is checked by the view's decorator; everyone else gets a 404, so no one
    learns that someone else's application exists."""
    from learners.permissions import learners_visible_to

    from .selectors.surveys import survey_applications

    application = (survey_applications(learner_ids=learners_visible_to(user).values("pk"))
                   .select_related("learner").filter(pk=pk).first())
    if application is None:
        raise Http404("No such application.")
    return application

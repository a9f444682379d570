"""Who may see which impact figures. Partners see suppressed aggregates; staff see everything,
with drill-down to learners limited to the localities they work in."""

from django.http import Http404

from academy.models import User

from .models import ImpactReport


def sees_unsuppressed_figures(user) -> bool:
    return user.is_authenticated and user.role == User.Role.STAFF


def can_drill_down(user) -> bool:
    return sees_unsuppressed_figures(user)


def drilldown_localities(user):
    """Localities whose learners a staff member may list; None means every locality."""
    localities = list(user.localities.all())
    return localities or None


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

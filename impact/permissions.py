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


def can_review_evidence(user) -> bool:
    """Staff record NESTA evidence reviews; partners only read them."""
    return sees_unsuppressed_figures(user)


def get_survey_application_or_404(user, pk):
    """An application whose surveys this user may answer or record: a learner's own, or (for staff) one of a
    learner they can see. The role is checked by the view's decorator; everyone else gets a 404, so no one
    learns that someone else's application exists."""
    from learners.permissions import learners_visible_to

    from .selectors_surveys import survey_applications

    application = (survey_applications(learner_ids=learners_visible_to(user).filter(erased_at__isnull=True)
                                       .values("pk"))
                   .select_related("learner").filter(pk=pk).first())
    if application is None:
        raise Http404("No such application.")
    return application

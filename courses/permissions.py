"""Which cohorts a member of staff works on: those in their localities, or all if they have none; and
whose session dates a learner may download: the cohorts they hold a place on."""

from django.http import Http404

from academy.models import User
from learners.models import Application
from learners.permissions import learners_visible_to

from .models import Cohort
from .selectors import PLACE_TAKING_STAGES


def cohorts_visible_to(user):
    if not getattr(user, "is_authenticated", False) or user.role != User.Role.STAFF:
        return Cohort.objects.none()
    localities = user.locality_ids
    qs = Cohort.objects.all()
    return qs.filter(locality__in=localities) if localities else qs


def can_manage_cohort(user, cohort: Cohort) -> bool:
    return cohorts_visible_to(user).filter(pk=cohort.pk).exists()


def get_cohort_for_staff_or_404(user, pk) -> Cohort:
    cohort = cohorts_visible_to(user).select_related("programme", "locality", "tutor").filter(pk=pk).first()
    if cohort is None:
        raise Http404("No such cohort.")
    return cohort


def cohorts_with_sessions_visible_to(user):
    """Staff: the cohorts they work on. A learner: the cohorts they hold (or held) a place on. Others: none."""
    if getattr(user, "is_authenticated", False) and user.role == User.Role.LEARNER:
        return Cohort.objects.filter(pk__in=Application.objects.filter(
            learner__in=learners_visible_to(user), stage__in=PLACE_TAKING_STAGES).values("cohort_id"))
    return cohorts_visible_to(user)

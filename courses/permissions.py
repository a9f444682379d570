"""Which cohorts a member of staff works on: those in their localities, or all if they have none."""

from django.http import Http404

from academy.models import User

from .models import Cohort


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

"""Reads for the staff work queue (workqueue app): placements waiting for the provider, interviews
held with no outcome recorded, and job offers whose personnel file has not been released.

Each takes `learners`, the learners the staff member may see (learners.permissions.learners_visible_to),
and returns a queryset the work queue counts (one query) and pages.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from learners.models import PersonnelFileRelease

from .models import Interview, JobOffer, Placement


def placements_awaiting_provider(*, learners: QuerySet) -> QuerySet:
    """Placements the academy confirmed that the provider has not yet accepted or declined, oldest first."""
    return (Placement.objects.filter(status=Placement.Status.CONFIRMED, application__learner__in=learners)
            .select_related("application__learner", "application__cohort", "provider")
            .order_by("confirmed_at", "pk"))


def interviews_awaiting_outcome(*, learners: QuerySet, now=None) -> QuerySet:
    """Interviews whose time has come with no outcome recorded yet, the longest waiting first."""
    now = now or timezone.now()
    return (Interview.objects.filter(outcome=Interview.Outcome.PENDING, slot__starts_at__lte=now,
                                     application__learner__in=learners)
            .select_related("slot", "provider", "vacancy", "application__learner", "application__cohort")
            .order_by("slot__starts_at", "pk"))


def offers_without_released_file(*, learners: QuerySet) -> QuerySet:
    """Job offers still open or accepted, where the learner's personnel file has not been released to
    the employer for that offer (a release counts until it is revoked), oldest offer first."""
    released = PersonnelFileRelease.objects.filter(job_offer_id=OuterRef("pk"), revoked_at__isnull=True)
    return (JobOffer.objects.filter(status__in=[JobOffer.Status.OPEN, JobOffer.Status.ACCEPTED],
                                    application__learner__in=learners)
            .exclude(Exists(released))
            .select_related("application__learner", "application__cohort", "provider",
                            "interview__provider", "interview__vacancy")
            .order_by("offered_at", "pk"))

"""Reads of equality answers for one person. Aggregates live in reach.selectors (reporting)."""

from .models import AdjustmentsNeeded, EqualityMonitoring


def equality_answers_of(*, learner) -> EqualityMonitoring | None:
    """The learner's answers, or None. Callers check who is asking (equality.permissions)."""
    return EqualityMonitoring.objects.filter(learner=learner).first()


def adjustments_of(*, learner) -> AdjustmentsNeeded | None:
    return AdjustmentsNeeded.objects.filter(learner=learner).first()


def learners_needing_adjustments(*, learners):
    """Adjustments asked for by the given learners (a queryset of learners the staff member can see)."""
    return (AdjustmentsNeeded.objects.filter(learner__in=learners, needs_adjustments="yes",
                                             learner__erased_at__isnull=True)
            .select_related("learner", "learner__locality").order_by("learner__last_name", "learner__first_name"))

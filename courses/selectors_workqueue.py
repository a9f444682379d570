"""Reads for the staff work queue (workqueue app): cohorts to close."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from learners.models import Application, Stage

from .models import Cohort

# An application still at one of these has no course outcome yet (completed, withdrawn, or beyond).
IN_TRAINING_STAGES = [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED]


def cohorts_to_close(*, learners: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Cohorts whose end date has passed with learners (among `learners`) still in a training stage,
    with how many (`still_in_training`). Oldest end date first."""
    today = today or timezone.localdate()
    open_applications = Application.objects.filter(stage__in=IN_TRAINING_STAGES, learner__in=learners)
    return (
        Cohort.objects.filter(end_date__lt=today)
        .filter(Exists(open_applications.filter(cohort_id=OuterRef("pk"))))
        .annotate(still_in_training=Count("applications", filter=Q(applications__in=open_applications)))
        .select_related("programme", "locality")
        .order_by("end_date", "pk")
    )

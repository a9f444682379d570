"""Reads for the staff work queue (workqueue app): cohorts to close."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from learners.models import Application, Stage, StageTransition

from .models import Cohort, CourseOutcome


def cohorts_to_close(*, learners: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Cohorts whose end date has passed with enrolled learners (among `learners`, not withdrawn) who have
    no course outcome on the cohort yet, with how many (`without_outcome`); closed on courses:cohort_close.
    Oldest end date first."""
    today = today or timezone.localdate()
    enrolled = StageTransition.objects.filter(to_stage=Stage.ENROLLED).values("application_id")
    waiting = (Application.objects.filter(learner__in=learners, pk__in=enrolled).exclude(stage=Stage.WITHDRAWN)
               .exclude(Exists(CourseOutcome.objects.filter(application_id=OuterRef("pk"),
                                                            cohort_id=OuterRef("cohort_id")))))
    return (
        Cohort.objects.filter(end_date__lt=today)
        .filter(Exists(waiting.filter(cohort_id=OuterRef("pk"))))
        .annotate(without_outcome=Count("applications", filter=Q(applications__in=waiting.values("pk"))))
        .select_related("programme", "locality")
        .order_by("end_date", "pk")
    )

"""Reads for the staff work queue (workqueue app): cohorts to close."""

import datetime

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from learners.models import Application, Stage, StageTransition

from .models import Cohort, CourseOutcome


def cohorts_to_close(*, learners: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Cohorts whose end date has passed with enrolled learners (among `learners`, not withdrawn) who have
    no course outcome on the cohort yet, with how many (`without_outcome`); closed on courses:cohort_close.
    Oldest end date first.

    The cohorts are those of the waiting applications (a subquery, no join of every application to every
    cohort), and `without_outcome` is counted per cohort shown, so counting the cohorts reads no more."""
    today = today or timezone.localdate()
    enrolled = StageTransition.objects.filter(to_stage=Stage.ENROLLED).values("application_id")
    waiting = (Application.objects.filter(learner__in=learners, pk__in=enrolled).exclude(stage=Stage.WITHDRAWN)
               .exclude(Exists(CourseOutcome.objects.filter(application_id=OuterRef("pk"),
                                                            cohort_id=OuterRef("cohort_id"))))
               .order_by())
    without_outcome = (waiting.filter(cohort_id=OuterRef("pk")).values("cohort_id")
                       .annotate(n=Count("pk")).values("n"))
    return (
        Cohort.objects.filter(end_date__lt=today, pk__in=waiting.values("cohort_id"))
        .annotate(without_outcome=Subquery(without_outcome))
        .select_related("programme", "locality")
        .order_by("end_date", "pk")
    )

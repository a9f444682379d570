"""Reads for the staff work queue (workqueue app): follow-ups due, for the learners a staff member sees.

"Follow-up due" has one definition, impact's (applications_with_follow_up_due, which follow_ups_due
reads too); this only narrows it to `learners`.
"""

import datetime

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .surveys import applications_with_follow_up_due


def follow_ups_due_for(*, learners: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Applications of `learners` with a follow-up due today (`follow_up_month`, `job_started_on`, and
    the employer of the first job start as `employer_name`), the longest-started first: one query."""
    from placements.models import JobStart

    first_start = (JobStart.objects.filter(application_id=OuterRef("pk")).order_by("started_on", "pk")
                   .annotate(employer=Coalesce("provider__name", "employer_name")))
    return (applications_with_follow_up_due(today=today, learners=learners)
            .annotate(employer_name=Subquery(first_start.values("employer")[:1]))
            .select_related("learner")
            .order_by(F("job_started_on").asc(), "pk"))

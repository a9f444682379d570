"""Reads for the staff work queue (workqueue app): follow-ups due, for the learners a staff member sees.

"Follow-up due" has one definition, impact's follow_ups_due; this only narrows its answer to `learners`.
"""

import datetime

from django.db.models import QuerySet

from .surveys import FollowUpDue, follow_ups_due


def follow_ups_due_for(*, learners: QuerySet, today: datetime.date | None = None) -> list[FollowUpDue]:
    """The follow-ups due today for `learners`, the longest-started first. follow_ups_due's queries,
    plus one to keep only the learners in `learners`."""
    due = follow_ups_due(today=today)
    if not due:
        return []
    ids = set(learners.filter(pk__in={d.application.learner_id for d in due}).values_list("pk", flat=True))
    return sorted((d for d in due if d.application.learner_id in ids),
                  key=lambda d: (d.started_on, d.application.pk, d.month))

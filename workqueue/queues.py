"""The staff work queue: what is waiting for academy staff, in their localities, across every app.

Each queue reads through the selector of the app that owns the records, restricted to the learners
the staff member may see (learners.permissions.learners_visible_to); the home shows each queue's count
and links to its list, which pages the same rows, so the count and the list agree.

Counting the queues takes one query each, which at regional scale is hundreds of milliseconds in
all, so the counts are kept in the shared cache per set of localities (staff with the same localities
see the same learners) and rebuilt once, however many ask at once, after a record they count changes
in one of those localities (workqueue.freshness) or after settings.WORKQUEUE_COUNTS_SECONDS. The lists are always read
afresh, and so is the messages count, which sending changes without a save.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from academy.caching import cache_get_or_build_once
from courses.selectors_workqueue import cohorts_to_close
from impact.selectors.workqueue import follow_ups_due_for
from learners.permissions import learners_visible_to
from learners.selectors_workqueue import (
    applications_to_screen,
    learners_blocked_on_dbs,
    references_outstanding,
)
from notifications.selectors import notifications_needing_attention
from placements.selectors_workqueue import (
    interviews_awaiting_outcome,
    offers_without_released_file,
    placements_awaiting_provider,
)

from . import freshness


@dataclass(frozen=True)
class Queue:
    slug: str
    title: str
    description: str
    rows: Callable  # rows(learners=...) -> a queryset of the rows, in the order worked
    empty: str
    cached: bool = True


QUEUES = [
    Queue("screening", "New applications to screen", "Oldest first, with how long each has waited. "
          "Applicants to a programme without values screening (CPD) are accepted straight away.",
          applications_to_screen, "No applications are waiting for a screening."),
    Queue("dbs-blocked", "Learners blocked on DBS",
          "Learners holding a place whose latest DBS check does not yet clear them for work.",
          learners_blocked_on_dbs, "No learner holding a place is waiting on DBS."),
    Queue("references", "References outstanding", "Asked for, not yet received, and still needed for the personnel file; oldest request first.",
          references_outstanding, "No references are outstanding."),
    Queue("placements", "Placements awaiting the provider",
          "Confirmed by the academy; the provider has not yet accepted or declined.",
          placements_awaiting_provider, "No placement is waiting for a provider."),
    Queue("interviews", "Interviews waiting for an outcome", "Held, with no outcome recorded yet.",
          interviews_awaiting_outcome, "Every interview held has its outcome."),
    Queue("offers", "Offers without a released personnel file",
          "Open or accepted job offers whose personnel file has not been released to the employer.",
          offers_without_released_file, "Every job offer has its personnel file released."),
    Queue("cohorts", "Cohorts to close",
          "The end date has passed and some enrolled learners have no course outcome yet.",
          cohorts_to_close, "No cohort is waiting to be closed."),
    Queue("messages", "Messages that need you",
          "Emails and texts that could not be sent after every retry (send them again), sends that stopped "
          "part-way (check, then mark as sent or send again), and letters to post.",
          notifications_needing_attention, "Every message has been sent.", cached=False),
    Queue("follow-ups", "Follow-ups due", "3, 6 and 12-month check-ins due today, for learners in work.",
          follow_ups_due_for, "No follow-ups are due."),
]
QUEUES_BY_SLUG = {q.slug: q for q in QUEUES}


def queue_rows(queue: Queue, user):
    return queue.rows(learners=learners_visible_to(user))


def queue_count(queue: Queue, user) -> int:
    return queue_rows(queue, user).count()


def _counts_key(user) -> str:
    # Staff see learners by their localities alone (learners.permissions), so the counts belong to
    # the set of localities, at the versions those localities have reached.
    return "workqueue:counts:" + ",".join(f"{name}.{version}" for name, version in
                                          freshness.versions(user.locality_ids))


def queue_counts(user) -> list[tuple[Queue, int]]:
    """Every queue with how many rows wait in it for this staff member: from the cache while nothing
    they count has changed (see the module's docstring), else one query each."""
    seconds = settings.WORKQUEUE_COUNTS_SECONDS

    def build():
        return {q.slug: queue_count(q, user) for q in QUEUES if q.cached}

    counts = cache_get_or_build_once(_counts_key(user), build, seconds) if seconds else build()
    return [(q, counts[q.slug] if q.cached else queue_count(q, user)) for q in QUEUES]


def days_since(moment) -> int:
    day = timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
    return (timezone.localdate() - day).days

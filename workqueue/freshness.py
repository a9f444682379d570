"""Keeps the work queue's cached counts fresh: a version per locality in the shared cache, moved on
when a record the queues count changes, so a staff member's counts are rebuilt on their next visit
after any change in their localities and are otherwise read from the cache.

Receivers (workqueue.receivers) note the learner (or locality) a saved or deleted record belongs to;
after the transaction commits, the versions of the localities concerned move on, and so does the
region's version, which staff working across the whole region read. A write that rolls back moves
nothing. Counts that change with the clock rather than with a write (an interview's time comes, a
follow-up falls due) are kept at most settings.WORKQUEUE_COUNTS_SECONDS.
"""

import time

from django.core.cache import cache
from django.db import transaction

REGION = "region"


def _version_key(locality) -> str:
    return f"workqueue:version:{locality}"


def _new_version() -> int:
    # A version that cannot repeat one an evicted key held before, so an old entry is never read again.
    return time.time_ns()


def versions(locality_ids) -> list[tuple[object, int]]:
    """The current version of each locality given (or of the region, for an empty list): one cache read."""
    names = sorted(locality_ids) or [REGION]
    keys = {_version_key(name): name for name in names}
    found = cache.get_many(list(keys))
    result = []
    for key, name in keys.items():
        version = found.get(key)
        if version is None:
            version = _new_version()
            if not cache.add(key, version, None):
                version = cache.get(key, version)
        result.append((name, version))
    return result


def _move_on(names) -> None:
    for name in set(names) | {REGION}:
        key = _version_key(name)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _new_version(), None)


def localities_changed(locality_ids) -> None:
    """After the current transaction commits (at once outside one), counts for these localities and the
    region are rebuilt on their next read."""
    ids = {pk for pk in locality_ids if pk is not None}
    transaction.on_commit(lambda: _move_on(ids))


def learners_changed_where(**lookup) -> None:
    """As localities_changed, for the localities of the learners matching `lookup` (read after the commit,
    so a write that rolls back reads nothing)."""
    from learners.models import Learner

    def move_on():
        _move_on(Learner.objects.filter(**lookup).values_list("locality_id", flat=True).distinct())

    transaction.on_commit(move_on)


def everything_changed() -> None:
    """For changes that reach every locality (a programme's rules, a cohort's dates)."""
    from academy.models import Locality

    transaction.on_commit(lambda: _move_on(Locality.objects.values_list("pk", flat=True)))

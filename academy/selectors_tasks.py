import datetime

from django.db.models import Q
from django.utils import timezone

from .models import TaskRecord


def tasks_recent(*, limit: int = 50) -> list[TaskRecord]:
    return list(TaskRecord.objects.select_related("requested_by").order_by("-queued_at", "-pk")[:limit])


def tasks_failed(*, days: int = 30, limit: int = 50) -> list[TaskRecord]:
    """Failures from the last `days` days that have not been retried yet, and tasks still "running"
    long after any task is stopped (their worker died: see academy.tasks.task_stale_after)."""
    from .tasks import task_stale_after

    now = timezone.now()
    failed_or_stale = Q(state=TaskRecord.State.FAILED) | Q(state=TaskRecord.State.STARTED,
                                                           started_at__lt=now - task_stale_after())
    since = now - datetime.timedelta(days=days)
    return list(TaskRecord.objects.filter(failed_or_stale, queued_at__gte=since, retries__isnull=True)
                .select_related("requested_by").order_by("-queued_at")[:limit])

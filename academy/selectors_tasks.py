import datetime

from django.utils import timezone

from .models import TaskRecord


def tasks_recent(*, limit: int = 50) -> list[TaskRecord]:
    return list(TaskRecord.objects.select_related("requested_by").order_by("-queued_at", "-pk")[:limit])


def tasks_failed(*, days: int = 30, limit: int = 50) -> list[TaskRecord]:
    """Failures from the last `days` days that have not been retried yet."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(TaskRecord.objects.filter(state=TaskRecord.State.FAILED, queued_at__gte=since, retries__isnull=True)
                .select_related("requested_by").order_by("-queued_at")[:limit])

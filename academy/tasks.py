"""Background tasks: a task base that keeps a TaskRecord, after-commit sending, retry, the reminders run.

Tasks are thin wrappers named after the service they run; they take ids and plain values (JSON),
are acknowledged late, have time limits and capped, backed-off retries (see TASK_OPTIONS).
"""

import datetime
import logging
import traceback

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import TaskRecord

logger = logging.getLogger(__name__)

# Shared by every task of ours: retried on transient failures, never forever.
TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": 120,
    "soft_time_limit": 100,
    "autoretry_for": (OperationalError, SoftTimeLimitExceeded, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 3,
    "serializer": "json",
}


def _error_text(exc) -> str:
    # The exception type and message only: our services never put personal data in messages.
    return f"{type(exc).__name__}: {exc}"[:2000]


class RecordedTask(DjangoTask):
    """Keeps a TaskRecord up to date from the worker (or in-process), whoever sent the task."""

    abstract = True

    def _record(self, task_id, args, kwargs, **values):
        # Book-keeping must never fail the task itself: a busy database only costs a stale row.
        try:
            return self._write_record(task_id, args, kwargs, **values)
        except DatabaseError:
            logger.warning("Could not update the record of task %s %s", self.name, task_id, exc_info=True)
            return None

    def _write_record(self, task_id, args, kwargs, **values):
        # Sent by task_enqueue the record exists already; sent some other way (beat) it is made here.
        record, _ = TaskRecord.objects.get_or_create(
            task_id=task_id, defaults={"name": self.name, "args": list(args or []), "kwargs": dict(kwargs or {})},
        )
        TaskRecord.objects.filter(pk=record.pk).update(**values)
        return record

    def before_start(self, task_id, args, kwargs):
        self._record(task_id, args, kwargs, state=TaskRecord.State.STARTED, started_at=timezone.now(),
                     finished_at=None, attempts=F("attempts") + 1)

    def on_success(self, retval, task_id, args, kwargs):
        self._record(task_id, args, kwargs, state=TaskRecord.State.SUCCEEDED, finished_at=timezone.now(), error="")

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        self._record(task_id, args, kwargs, state=TaskRecord.State.RETRYING, finished_at=timezone.now(),
                     error=_error_text(exc))

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error("Task %s %s failed: %s", self.name, task_id, _error_text(exc))
        self._record(task_id, args, kwargs, state=TaskRecord.State.FAILED, finished_at=timezone.now(),
                     error=_error_text(exc) + "\n" + "".join(traceback.format_tb(exc.__traceback__))[-1500:])


def task_enqueue(*, task, args=(), kwargs=None, by=None, retry_of=None, on_not_sent=None) -> TaskRecord:
    """Records a task as queued and sends it only once the current transaction commits.

    A task sent before commit could run before its data exists (or for data rolled back); the
    record is written in the same transaction, so it disappears with a rollback too. When the
    broker cannot be reached the record is marked failed and on_not_sent(exc) is called, so the
    row waiting for the task can say so instead of "being prepared" for ever.
    """
    from celery import uuid

    kwargs = kwargs or {}
    record = TaskRecord.objects.create(
        task_id=uuid(), name=task.name, args=list(args), kwargs=kwargs,
        requested_by=by if getattr(by, "pk", None) else None, retry_of=retry_of,
    )

    def send():
        try:
            task.apply_async(args=list(args), kwargs=kwargs, task_id=record.task_id)
        except BrokerError as exc:
            # The broker is down: leave a failed record that staff can retry from the task page.
            logger.warning("Could not queue task %s: %s", task.name, _error_text(exc))
            TaskRecord.objects.filter(pk=record.pk).update(state=TaskRecord.State.FAILED, error=_error_text(exc))
            if on_not_sent is not None:
                on_not_sent(exc)
        except Exception as exc:
            if not task.app.conf.task_always_eager:
                raise
            # In-process runs propagate errors before Celery's on_failure hook: record the failure
            # here, so the request that asked for the task still succeeds and staff can retry it.
            logger.exception("In-process task %s failed", task.name)
            TaskRecord.objects.filter(pk=record.pk).update(
                state=TaskRecord.State.FAILED, finished_at=timezone.now(),
                error=_error_text(exc) + "\n" + "".join(traceback.format_tb(exc.__traceback__))[-1500:],
            )

    transaction.on_commit(send)
    return record


class TaskNotRetryable(Exception):
    pass


def task_stale_after() -> datetime.timedelta:
    """A task still 'running' this long after it started has lost its worker: every task is killed at
    CELERY_TASK_TIME_LIMIT, and the broker hands an unacknowledged one out again after its visibility
    timeout (the same limit plus TASK_STALE_MARGIN_SECONDS, see settings)."""
    return datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + settings.TASK_STALE_MARGIN_SECONDS)


def task_is_stale(record: TaskRecord) -> bool:
    return (record.state == TaskRecord.State.STARTED and record.started_at is not None
            and record.started_at < timezone.now() - task_stale_after())


def task_retry(*, record: TaskRecord, by) -> TaskRecord:
    """Sends a failed (or stuck) task again with the same arguments; the old record stays as history."""
    from config.celery import app

    if record.state not in {TaskRecord.State.FAILED, TaskRecord.State.QUEUED, TaskRecord.State.RETRYING} \
            and not task_is_stale(record):
        raise TaskNotRetryable("Only a failed or stuck task can be sent again.")
    task = app.tasks.get(record.name)
    if task is None:
        raise TaskNotRetryable("This task no longer exists in the portal.")
    with transaction.atomic():
        return task_enqueue(task=task, args=record.args, kwargs=record.kwargs, by=by, retry_of=record)


@shared_task(base=RecordedTask, name="academy.tasks.reminders_send_due_task", **TASK_OPTIONS)
def reminders_send_due_task():
    """Sends every reminder that is due and not yet sent (run by Celery beat)."""
    from .reminders import reminders_send_due

    return reminders_send_due()

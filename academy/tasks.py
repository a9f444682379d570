"""Background tasks: the one task base every task of ours uses, and retrying a task from the staff page.

Every `@shared_task` in the portal names `base=PortalTask`. The base decides, once for all tasks:

- when a task is sent: `delay()` / `apply_async()` inside a database transaction only queue the task
  for when the transaction commits (a task sent earlier could run before its data exists, or for data
  that is then rolled back); outside a transaction it is sent at once;
- how it runs: acknowledged late, time limits, json only, and capped, backed-off retries on transient
  failures (a task may override a value in its decorator where it needs another one);
- what staff see: a TaskRecord per task sent (written in the sender's transaction, so it disappears
  with a rollback), kept up to date from the worker, which the staff task page lists and can retry.

Without a broker (CELERY_TASK_ALWAYS_EAGER) tasks run in-process; a failure there is recorded on the
TaskRecord and logged rather than failing the request that asked for the task.
"""

import datetime
import logging
import traceback

from celery import shared_task, uuid
from celery.contrib.django.task import DjangoTask
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import TaskRecord

logger = logging.getLogger(__name__)


def _error_text(exc) -> str:
    # The exception type and message only: our services never put personal data in messages.
    return f"{type(exc).__name__}: {exc}"[:2000]


def _error_with_trace(exc) -> str:
    return _error_text(exc) + "\n" + "".join(traceback.format_tb(exc.__traceback__))[-1500:]


class PortalTask(DjangoTask):
    """The base of every task of ours: sent after commit, retried with backoff, recorded for staff."""

    abstract = True

    # How every task runs, unless its decorator says otherwise.
    acks_late = True
    reject_on_worker_lost = True
    time_limit = 120
    soft_time_limit = 100
    autoretry_for = (OperationalError, SoftTimeLimitExceeded, OSError)
    retry_backoff = 5
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 3
    serializer = "json"

    # Whether each run gets a TaskRecord on the staff task page; off for frequent housekeeping.
    recorded = True

    # Sending -------------------------------------------------------------------------------------

    def apply_async(self, args=None, kwargs=None, task_id=None, *, requested_by=None, retry_of=None,
                    on_not_sent=None, **options):
        """Sends the task, or inside a transaction queues it to be sent when the transaction commits.

        `requested_by` and `retry_of` go on the task's TaskRecord. Returns the task's AsyncResult
        (its id is fixed now, even when the sending waits for the commit). When the broker cannot be
        reached, `on_not_sent(exc)` is called, so the row waiting for the task can say so instead of
        "being prepared" for ever.
        """
        task_id = task_id or uuid()
        if self.recorded and not self._is_retry_of_itself(task_id):
            TaskRecord.objects.create(
                task_id=task_id, name=self.name, args=list(args or []), kwargs=dict(kwargs or {}),
                requested_by=requested_by if getattr(requested_by, "pk", None) else None, retry_of=retry_of,
            )
        send = lambda: self._send(args, kwargs, task_id, options, on_not_sent)  # noqa: E731
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(send)
            return self.AsyncResult(task_id)
        return send()

    def _is_retry_of_itself(self, task_id) -> bool:
        # Celery's retry() sends the same task id again: that run already has its record.
        return bool(getattr(self.request, "id", None) == task_id)

    def _send(self, args, kwargs, task_id, options, on_not_sent=None):
        try:
            return super().apply_async(args, kwargs, task_id, **options)
        except BrokerError as exc:
            # The broker is down: leave a failed record that staff can retry from the task page.
            logger.error("Task %s %s could not be sent: %s", self.name, task_id, _error_text(exc))
            self._mark(task_id, state=TaskRecord.State.FAILED, error=_error_text(exc))
            if on_not_sent is not None:
                on_not_sent(exc)
        except Exception as exc:
            if not self.app.conf.task_always_eager:
                raise
            # In-process runs raise before Celery's on_failure hook: record the failure here, so the
            # request that asked for the task still succeeds and staff can retry it.
            logger.exception("In-process task %s failed", self.name)
            self._mark(task_id, state=TaskRecord.State.FAILED, finished_at=timezone.now(),
                       error=_error_with_trace(exc))
        return self.AsyncResult(task_id)

    # Keeping the record up to date from the worker (or in-process) -------------------------------

    def _mark(self, task_id, **values):
        if self.recorded:
            TaskRecord.objects.filter(task_id=task_id).update(**values)

    def _record(self, task_id, args, kwargs, **values):
        # Book-keeping must never fail the task itself: a busy database only costs a stale row.
        if not self.recorded:
            return
        try:
            # Sent through apply_async the record exists already; sent some other way it is made here.
            record, _ = TaskRecord.objects.get_or_create(
                task_id=task_id, defaults={"name": self.name, "args": list(args or []), "kwargs": dict(kwargs or {})},
            )
            TaskRecord.objects.filter(pk=record.pk).update(**values)
        except DatabaseError:
            logger.warning("Could not update the record of task %s %s", self.name, task_id, exc_info=True)

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
                     error=_error_with_trace(exc))


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
        result = task.apply_async(args=record.args, kwargs=record.kwargs, requested_by=by, retry_of=record)
        return TaskRecord.objects.get(task_id=result.id)


@shared_task(base=PortalTask, name="academy.tasks.sessions_clear_expired_task")
def sessions_clear_expired_task() -> int:
    """Nightly: deletes the sessions past their expiry date (what Django's clearsessions does), so the
    table keeps only sessions that can still sign someone in. Returns how many were deleted."""
    from .models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted

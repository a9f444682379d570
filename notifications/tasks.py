"""Sending a queued message, after the commit that queued it (academy.tasks.PortalTask)."""

from celery import shared_task

from academy.tasks import PortalTask

# Four attempts in all, 30 s, 1 and 2 minutes apart (the retries and longest wait every task of the
# portal has), then the message waits for staff on the failed list.
MAX_RETRIES = PortalTask.max_retries
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = PortalTask.retry_backoff_max


def retry_delay(retries_so_far: int) -> int:
    """Exponential backoff: 30 s, 60 s, 120 s ... capped at the portal's longest wait (5 minutes)."""
    return min(FIRST_RETRY_SECONDS * 2 ** retries_so_far, LONGEST_RETRY_SECONDS)


# Not on the staff task page (recorded=False): the outbox row is the record staff see and retry.
@shared_task(base=PortalTask, bind=True, max_retries=MAX_RETRIES, recorded=False)
def notification_send_task(self, notification_id: int) -> str:
    """Sends one outbox row once; a failure is retried with backoff, then shown to staff."""
    from .services import SendFailed, notification_mark_failed, notification_send

    try:
        return "sent" if notification_send(notification_id=notification_id) else "not queued"
    except SendFailed as exc:
        if self.request.retries >= self.max_retries:
            notification_mark_failed(notification_id=notification_id)
            return "failed"
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc

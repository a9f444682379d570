"""The scheduled reminders run."""

from celery import shared_task

from academy.tasks import PortalTask


# Registered under its long-standing name, which beat's stored schedule and the task records use.
@shared_task(base=PortalTask, name="academy.tasks.reminders_send_due_task")
def reminders_send_due_task():
    """Sends every reminder that is due and not yet sent (run by Celery beat)."""
    from .services import reminders_send_due

    return reminders_send_due()

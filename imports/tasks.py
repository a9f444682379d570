from celery import shared_task

from academy.tasks import PortalTask


@shared_task(base=PortalTask)
def import_batches_delete_expired_task() -> int:
    """Hourly: uploaded spreadsheets hold personal data and are deleted a day after upload."""
    from .services import import_batches_delete_expired

    return import_batches_delete_expired()

"""Placements' scheduled tasks (academy.tasks.PortalTask)."""

from celery import shared_task

from academy.tasks import PortalTask


@shared_task(base=PortalTask)
def placements_start_due_task() -> int:
    """Daily: accepted placements whose start date has come move their learner to 'On placement'."""
    from .starts import placements_start_due

    return placements_start_due()

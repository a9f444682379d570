"""Emails about interviews, sent after the change is committed (academy.tasks.PortalTask)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from academy.tasks import PortalTask


@shared_task(base=PortalTask)
def interview_change_email(cancelled_id: int, moved_to_id: int | None = None) -> bool:
    """Tells the learner that academy staff cancelled (or moved) their interview, and why."""
    from .models import Interview

    cancelled = (Interview.objects.select_related("application__learner", "vacancy", "provider", "slot")
                 .filter(pk=cancelled_id).first())
    if cancelled is None:
        return False
    learner = cancelled.application.learner
    if not learner.email or learner.erased_at is not None:
        return False
    job = f"{cancelled.vacancy.role_title} at {cancelled.provider.name}"
    when = timezone.localtime(cancelled.slot.starts_at)
    if moved_to_id is not None:
        moved = Interview.objects.select_related("slot__site").get(pk=moved_to_id)
        new = timezone.localtime(moved.slot.starts_at)
        subject = "Your interview has been moved"
        body = (f"Dear {learner.first_name},\n\nYour interview for {job} on {when:%A %d %B %Y at %H:%M} has been "
                f"moved to {new:%A %d %B %Y at %H:%M}, at {moved.slot.site.name}.\n\n{cancelled.outcome_reason}\n")
    else:
        subject = "Your interview has been cancelled"
        body = (f"Dear {learner.first_name},\n\nThe academy has cancelled your interview for {job} on "
                f"{when:%A %d %B %Y at %H:%M}. The reason: {cancelled.outcome_reason}\n\n"
                "This is not a mark against you. Your tutor will help you find another interview.\n")
    body += f"\n{settings.ACADEMY_NAME}\n"
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [learner.email])
    return True


@shared_task(base=PortalTask)
def placements_start_due_task() -> int:
    """Daily: accepted placements whose start date has come move their learner to 'On placement'."""
    from .starts import placements_start_due

    return placements_start_due()

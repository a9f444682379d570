"""Reads: messages needing staff (failed, stuck, stopped part-way, letters to post) and the templates
staff edit."""

import datetime

from django.db.models import Q
from django.utils import timezone

from .events import EVENTS
from .models import MessageTemplate, Notification

# A message still queued this long has lost its task: every retry would have run by then
# (notifications.tasks: about 8 minutes in all).
STUCK_AFTER = datetime.timedelta(minutes=15)
# A message claimed ("sending") this long ago has lost its worker: the sending task is killed after
# its time limit (academy.tasks.PortalTask: 2 minutes; no task of the portal runs past
# CELERY_TASK_TIME_LIMIT, 5 minutes), so nothing is still sending it. Whether it went before the
# worker died cannot be known: staff check, then mark it sent or send it again.
SENDING_STOPPED_AFTER = datetime.timedelta(minutes=15)


def queued_stuck() -> Q:
    """Rows still queued long after every retry would have run: their task was never sent, or lost."""
    return Q(status=Notification.Status.QUEUED, updated_at__lt=timezone.now() - STUCK_AFTER)


def sending_stopped() -> Q:
    """Rows whose send stopped part-way: claimed longer ago than SENDING_STOPPED_AFTER, never finished."""
    return Q(status=Notification.Status.SENDING, claimed_at__lt=timezone.now() - SENDING_STOPPED_AFTER)


def notifications_needing_attention(*, learners):
    """Failed messages, messages still unsent long after every retry would have run (their task was
    never sent), sends that stopped part-way (their worker lost), and letters to post, about the
    learners given (a staff member's visible learners), oldest first."""
    Status = Notification.Status
    return (
        Notification.objects.filter(learner__in=learners)
        .filter(Q(status__in=[Status.FAILED, Status.TO_POST]) | sending_stopped() | queued_stuck())
        .select_related("learner", "recipient_provider")
        .order_by("created_at", "pk")
    )


def message_templates():
    """Every event's templates in the order of the events, for the staff list."""
    order = {event.key: i for i, event in enumerate(EVENTS)}
    return sorted(MessageTemplate.objects.select_related("updated_by"),
                  key=lambda t: (order.get(t.event, 99), t.channel))

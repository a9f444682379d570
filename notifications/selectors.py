"""Reads: messages needing staff (failed, stuck, letters to post) and the templates staff edit."""

import datetime

from django.db.models import Q
from django.utils import timezone

from .events import EVENTS
from .models import MessageTemplate, Notification

# A message still queued or sending this long has lost its task: every retry would have run by then
# (notifications.tasks: about 8 minutes in all), and a task is killed well before.
STUCK_AFTER = datetime.timedelta(minutes=15)


def _stuck_since():
    return timezone.now() - STUCK_AFTER


def notifications_needing_attention(*, learners):
    """Failed messages, messages still unsent long after every retry would have run (their task was
    never sent or its worker lost), and letters to post, about the learners given (a staff member's
    visible learners), oldest first."""
    Status = Notification.Status
    return (
        Notification.objects.filter(learner__in=learners)
        .filter(Q(status__in=[Status.FAILED, Status.TO_POST])
                | Q(status=Status.SENDING, claimed_at__lt=_stuck_since())
                | Q(status=Status.QUEUED, updated_at__lt=_stuck_since()))
        .select_related("learner", "recipient_provider")
        .order_by("created_at", "pk")
    )


def message_templates():
    """Every event's templates in the order of the events, for the staff list."""
    order = {event.key: i for i, event in enumerate(EVENTS)}
    return sorted(MessageTemplate.objects.select_related("updated_by"),
                  key=lambda t: (order.get(t.event, 99), t.channel))

"""Reads: messages needing staff (failed, stuck, letters to post) and the templates staff edit."""

from django.db.models import Q
from django.utils import timezone

from .events import EVENTS
from .models import MessageTemplate, Notification


def _stuck_since():
    from .services import STUCK_AFTER

    return timezone.now() - STUCK_AFTER


def notifications_needing_attention(*, learners):
    """Failed messages, sends stuck with a lost worker, and letters to post, about the learners given
    (a staff member's visible learners), oldest first."""
    Status = Notification.Status
    return (
        Notification.objects.filter(learner__in=learners)
        .filter(Q(status__in=[Status.FAILED, Status.TO_POST])
                | Q(status=Status.SENDING, claimed_at__lt=_stuck_since()))
        .select_related("learner", "recipient_provider")
        .order_by("created_at", "pk")
    )


def message_templates():
    """Every event's templates in the order of the events, for the staff list."""
    order = {event.key: i for i, event in enumerate(EVENTS)}
    return sorted(MessageTemplate.objects.select_related("updated_by"),
                  key=lambda t: (order.get(t.event, 99), t.channel))

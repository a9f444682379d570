"""Queueing a message for an event (notify), sending it once (notification_send), and what staff do:
edit the wording, retry a failed message, settle one whose sending stopped part-way, mark a letter posted.

Domain services call `notify` inside their own transaction: the outbox row commits (or rolls back) with
the change it reports, and the sending task is sent only after the commit (academy.tasks.PortalTask).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from academy.services import audit_record

from . import links, senders
from .events import EVENTS_BY_KEY
from .models import Channel, MessageTemplate, Notification
from .rendering import render


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to, and how they can be reached; `key` names them in the idempotency key."""

    key: str
    name: str
    email: str = ""
    phone: str = ""
    postal_address: str = ""
    prefers: str = Channel.EMAIL
    learner_id: int | None = None  # the learner the message is about
    user_id: int | None = None
    provider_id: int | None = None


def channel_for(recipient: Recipient) -> str:
    """The person's choice where they can be reached that way; without an email a text message, and
    with neither an email nor a phone a letter, which staff post."""
    if recipient.prefers == Channel.LETTER:
        return Channel.LETTER
    if recipient.prefers == Channel.TEXT and recipient.phone:
        return Channel.TEXT
    if recipient.email:
        return Channel.EMAIL
    if recipient.phone:
        return Channel.TEXT
    return Channel.LETTER


def template_for(event: str, channel: str) -> tuple[str, str]:
    """(subject, body) as staff last wrote them; a letter uses the email's wording."""
    wording_channel = Channel.EMAIL if channel == Channel.LETTER else channel
    template = MessageTemplate.objects.filter(event=event, channel=wording_channel).first()
    if template is not None:
        return template.subject, template.body
    default = EVENTS_BY_KEY[event]
    if wording_channel == Channel.TEXT:
        return "", default.text_body
    return default.email_subject, default.email_body


def academy_values() -> dict:
    return {"academy_name": settings.ACADEMY_NAME, "academy_phone": settings.ACADEMY_CONTACT_PHONE,
            "academy_email": settings.ACADEMY_CONTACT_EMAIL}


def notify(*, event: str, about: str, recipient: Recipient, values: dict,
           attachment_source: str = "", attachment_arg: int | None = None) -> Notification:
    """Queues the message for `event` about the object named `about` (e.g. "interview:12") to one
    recipient, once: a second call for the same event, object and recipient returns the first row.

    `attachment_source` is the dotted path of a function(attachment_arg) -> (filename, bytes, mimetype)
    or None, called as an email is sent (an interview's calendar entry).
    """
    from .tasks import notification_send_task

    spec = EVENTS_BY_KEY[event]
    prefix = f"{event}:{about}:{recipient.key}:"
    existing = Notification.objects.filter(idempotency_key__startswith=prefix).first()
    if existing is not None:
        return existing
    channel = channel_for(recipient)
    subject, body = template_for(event, channel)
    values = {**academy_values(), **values}
    address = {Channel.EMAIL: recipient.email, Channel.TEXT: recipient.phone}.get(channel, recipient.postal_address)
    notification = Notification(
        event=event, idempotency_key=prefix + channel, learner_id=recipient.learner_id,
        recipient_user_id=recipient.user_id, recipient_provider_id=recipient.provider_id, recipient_name=recipient.name[:200], address=address,
        channel=channel, subject=render(subject, values)[:300],
        body=render(body, values, keep=spec.filled_at_send),
        status=Notification.Status.TO_POST if channel == Channel.LETTER else Notification.Status.QUEUED,
        attachment_source=attachment_source, attachment_arg=attachment_arg,
    )
    notification.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:  # the same event queued by a concurrent request a moment ago
        return Notification.objects.get(idempotency_key=prefix + channel)
    if notification.status == Notification.Status.QUEUED:
        notification_send_task.delay(notification.pk)
    return notification


class SendFailed(Exception):
    """The email or text could not be sent this time; the row is queued again for a retry."""


def _filled_at_send(notification: Notification) -> str:
    values = {}
    if "set_up_link" in EVENTS_BY_KEY[notification.event].filled_at_send:
        user = notification.recipient_user
        values["set_up_link"] = links.account_set_up_link(user) if user else links.portal_url("/accounts/login/")
    return render(notification.body, values) if values else notification.body


def _deliver(notification: Notification) -> None:
    body = _filled_at_send(notification)
    if notification.channel == Channel.EMAIL:
        attachments = []
        if notification.attachment_source:
            attachment = import_string(notification.attachment_source)(notification.attachment_arg)
            if attachment:
                attachments.append(attachment)
        senders.email_send(to=notification.address, subject=notification.subject, body=body,
                           attachments=attachments)
    elif notification.channel == Channel.TEXT:
        senders.text_sender().send(phone=notification.address, body=body, reference=notification.idempotency_key)
    else:
        raise ValueError("A letter is posted by staff, not sent by the portal.")


def notification_send(*, notification_id: int) -> bool:
    """Sends a queued message once. The row is claimed first (queued -> sending, a conditional update):
    a task that finds it sent, or taken by another run, sends nothing. Returns whether it sent."""
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED).update(
        status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient_user").get(pk=notification_id)
    try:
        _deliver(notification)
    except Exception as exc:
        Notification.objects.filter(pk=notification_id, status=Notification.Status.SENDING).update(
            status=Notification.Status.QUEUED, claimed_at=None, last_error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now())
        raise SendFailed(str(exc)) from exc
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), claimed_at=None, updated_at=timezone.now())
    return True


def notification_mark_failed(*, notification_id: int) -> None:
    """Out of retries: the message waits for staff (the failed list, the work queue)."""
    Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED).update(
        status=Notification.Status.FAILED, updated_at=timezone.now())


class NotRetryable(ValidationError):
    pass


def _refusal(notification: Notification, *, otherwise: str) -> NotRetryable:
    """Why staff cannot act on this message now, read from its current row; `otherwise` for any state
    not explained here."""
    from .selectors import SENDING_STOPPED_AFTER, sending_stopped

    row = Notification.objects.filter(pk=notification.pk).first()
    if row is None:
        return NotRetryable("This message no longer exists.", code="gone")
    if row.status == Notification.Status.SENDING:
        if Notification.objects.filter(sending_stopped(), pk=row.pk).exists():
            return NotRetryable({"accept_duplicate": (
                "Its sending stopped part-way, so it may already have arrived. Tick the box to confirm you "
                "accept the message may arrive twice.")}, code="duplicate_not_accepted")
        started = timezone.localtime(row.claimed_at) if row.claimed_at else None
        minutes = int(SENDING_STOPPED_AFTER.total_seconds() // 60)
        return NotRetryable(
            f"This message is being sent{f' (started at {started:%H:%M})' if started else ''} and may still be "
            f"on its way. If it has not been sent {minutes} minutes after it started, you can mark it as sent "
            "or send it again.", code="still_sending")
    if row.status in (Notification.Status.SENT, Notification.Status.POSTED):
        return NotRetryable("This message has already been sent.", code="already_sent")
    return NotRetryable(otherwise, code="not_actionable")


@transaction.atomic
def notification_retry(*, notification: Notification, by, accept_duplicate: bool = False) -> Notification:
    """Staff send a message again: one that failed, one still unsent long after it was queued, or one
    whose sending stopped part-way (claimed longer than SENDING_STOPPED_AFTER ago), which may already
    have arrived, so only when staff accept it may arrive twice (`accept_duplicate`). A message still
    within that limit may still be on its way and is refused. A new task claims the row before sending,
    so the message goes once however many tasks there are."""
    from .selectors import queued_stuck, sending_stopped
    from .tasks import notification_send_task

    retryable = Q(status=Notification.Status.FAILED) | queued_stuck()
    if accept_duplicate:
        retryable |= sending_stopped()
    changed = Notification.objects.filter(retryable, pk=notification.pk).update(
        status=Notification.Status.QUEUED, claimed_at=None, handled_by=by, updated_at=timezone.now())
    if not changed:
        raise _refusal(notification, otherwise=(
            "Only a message that failed can be sent again; this one is already on its way or sent."))
    audit_record(action="notification.send_again", actor=by, obj=notification, learner_id=notification.learner_id,
                 note="a duplicate accepted" if accept_duplicate else "")
    notification_send_task.delay(notification.pk)
    notification.refresh_from_db()
    return notification


@transaction.atomic
def notification_mark_sent(*, notification: Notification, by) -> Notification:
    """Staff checked with the person (or on the GOV.UK Notify dashboard) that a message whose sending
    stopped part-way did arrive: it is recorded as sent, by them. Only such a message: one still within
    SENDING_STOPPED_AFTER may still be on its way, and a failed one was not sent."""
    from .selectors import sending_stopped

    now = timezone.now()
    changed = Notification.objects.filter(sending_stopped(), pk=notification.pk).update(
        status=Notification.Status.SENT, sent_at=now, claimed_at=None, handled_by=by, updated_at=now)
    if not changed:
        raise _refusal(notification, otherwise=(
            "Only a message whose sending stopped part-way can be marked as sent; send this one again instead."))
    audit_record(action="notification.mark_sent", actor=by, obj=notification, learner_id=notification.learner_id)
    notification.refresh_from_db()
    return notification


@transaction.atomic
def letter_mark_posted(*, notification: Notification, by) -> Notification:
    changed = Notification.objects.filter(pk=notification.pk, status=Notification.Status.TO_POST).update(
        status=Notification.Status.POSTED, handled_by=by, sent_at=timezone.now(), updated_at=timezone.now())
    if not changed:
        raise NotRetryable("This letter has already been marked as posted.", code="not_to_post")
    audit_record(action="notification.letter_posted", actor=by, obj=notification, learner_id=notification.learner_id)
    notification.refresh_from_db()
    return notification


@transaction.atomic
def message_template_save(*, template: MessageTemplate, by, subject: str, body: str) -> MessageTemplate:
    """Saves staff's wording after checking it uses only the event's placeholders. Line breaks are kept
    as LF, as the defaults have them (a browser sends a textarea's as CRLF)."""
    template.subject = subject.strip() if template.channel == Channel.EMAIL else ""
    template.body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    template.updated_by = by
    template.full_clean()
    template.save()
    return template


def message_preview(*, event: str, subject: str, body: str) -> tuple[str, str]:
    """The wording filled with the event's sample values, as the preview shows it (placeholders checked)."""
    sample = EVENTS_BY_KEY[event].placeholders
    return render(subject, sample), render(body, sample)


def notifications_erase_for(*, learner_id: int) -> int:
    """A learner's erasure: messages not yet sent are dropped (a task then finds nothing to send), and
    what the sent ones said and where they went is removed; the rows stay, so the timeline's counts hold."""
    Status = Notification.Status
    Notification.objects.filter(learner_id=learner_id, status__in=[Status.QUEUED, Status.FAILED,
                                                                   Status.TO_POST]).delete()
    return Notification.objects.filter(learner_id=learner_id).update(
        subject="", body="", address="", recipient_name="(erased)", last_error="", updated_at=timezone.now())

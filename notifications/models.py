"""What the academy tells people (MessageTemplate) and every message it has queued or sent (Notification)."""

from django.conf import settings
from django.db import models

from academy.models import TimeStampedModel

from .events import EVENT_CHOICES, EVENTS_BY_KEY
from .rendering import placeholders_check


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"


class MessageTemplate(TimeStampedModel):
    """The wording of one event's message on one channel, edited by staff. A letter uses the email's."""

    event = models.CharField(max_length=40, choices=EVENT_CHOICES)
    channel = models.CharField(max_length=10, choices=[c for c in Channel.choices if c[0] != Channel.LETTER])
    subject = models.CharField(max_length=200, blank=True, help_text="Emails only: a text message has no subject.")
    body = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["event", "channel"]
        constraints = [models.UniqueConstraint(fields=["event", "channel"], name="one_template_per_event_channel")]

    def __str__(self):
        return f"{self.get_event_display()} ({self.get_channel_display().lower()})"

    @property
    def allowed_placeholders(self) -> set[str]:
        return set(EVENTS_BY_KEY[self.event].placeholders)

    def clean(self):
        if self.event not in EVENTS_BY_KEY:
            return  # the choices check names the problem
        placeholders_check(field="subject", text=self.subject, allowed=self.allowed_placeholders)
        placeholders_check(field="body", text=self.body, allowed=self.allowed_placeholders)


class Notification(TimeStampedModel):
    """One message to one person about one event: the outbox row the sending task claims.

    The idempotency key (event, object, recipient, channel) is unique, so an event that happens twice,
    or a service that runs twice, queues the message once; the task sends only a row it has claimed
    from "queued", so a retried or duplicated task never sends it twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        TO_POST = "to_post", "Letter to post"
        POSTED = "posted", "Posted"

    event = models.CharField(max_length=40, choices=EVENT_CHOICES)
    idempotency_key = models.CharField(max_length=200, unique=True)
    # The learner the message is about (for the timeline and who may see it), even when it goes to a provider.
    learner = models.ForeignKey("learners.Learner", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="notifications")
    recipient_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="notifications")
    recipient_provider = models.ForeignKey("providers.Provider", null=True, blank=True, on_delete=models.CASCADE,
                                           related_name="notifications")
    recipient_name = models.CharField(max_length=200)
    # An email address, a phone number in E.164, or the postal address of a letter.
    address = models.TextField(blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set while a task holds the row ("sending"), so staff can tell a stuck send from a live one.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # An attachment made as the email is sent: a function's dotted path, called with the argument.
    attachment_source = models.CharField(max_length=200, blank=True)
    attachment_arg = models.BigIntegerField(null=True, blank=True)
    # Who retried it or marked a letter posted.
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                                   name="notification_sent_has_sent_at"),
        ]

    def __str__(self):
        return f"{self.get_event_display()} to {self.recipient_name} ({self.get_channel_display().lower()})"

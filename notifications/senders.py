"""How a message leaves the portal: email through Django's email backend, text messages through a
TextSender (GOV.UK Notify when NOTIFY_API_KEY is set, else the log, for the demo and tests)."""

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)


class TextSender(Protocol):
    def send(self, *, phone: str, body: str, reference: str) -> None:
        """Sends one text message or raises; `reference` is the outbox row's idempotency key."""


class NotifyTextSender:
    """GOV.UK Notify: one text template whose whole content is ((body)), so staff edit the wording here."""

    def __init__(self, *, api_key: str, template_id: str):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key)
        self.template_id = template_id

    def send(self, *, phone: str, body: str, reference: str) -> None:
        self.client.send_sms_notification(phone_number=phone, template_id=self.template_id,
                                          personalisation={"body": body}, reference=reference)


class ConsoleTextSender:
    """Writes the text message to the log instead of sending it (no Notify key: a laptop, the tests)."""

    def send(self, *, phone: str, body: str, reference: str) -> None:
        logger.info("Text message to %s (%s):\n%s", phone, reference, body)


def text_sender() -> TextSender:
    api_key = getattr(settings, "NOTIFY_API_KEY", "")
    if api_key:
        return NotifyTextSender(api_key=api_key, template_id=settings.NOTIFY_SMS_TEMPLATE_ID)
    return ConsoleTextSender()


def email_send(*, to: str, subject: str, body: str, attachments=()) -> None:
    message = EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()

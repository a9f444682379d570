"""A real Celery worker sends a queued message once (against Redis when configured)."""

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import Recipient, notify
from tests.personnel_file.test_worker import celery_worker, wait_for  # noqa: F401 (the worker fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_message_once(celery_worker):  # noqa: F811
    recipient = Recipient(key="learner:0", name="Amira Okafor", email="amira@example.test")
    notification = notify(event="application_received", about="application:0", recipient=recipient,
                          values={"first_name": "Amira", "cohort": "January"})  # committed: sent to the broker
    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT)
    notify(event="application_received", about="application:0", recipient=recipient, values={})  # again
    from notifications.tasks import notification_send_task

    notification_send_task.delay(notification.pk)  # a duplicated task
    assert wait_for(lambda: len(mail.outbox) >= 1)
    import time

    time.sleep(2)
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1

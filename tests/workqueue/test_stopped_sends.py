"""A send that stopped part-way (its worker died while the row was "sending") may or may not have gone:
after a stated limit, well beyond the sending task's time limit, staff either mark it sent (they checked
with the person or on the Notify dashboard) or send it again, ticking that it may arrive twice."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from notifications.selectors import SENDING_STOPPED_AFTER
from notifications.tasks import notification_send_task
from tests.factories import LearnerFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def _sending(locality, *, minutes_ago):
    """A message whose task claimed it `minutes_ago` and never finished."""
    learner = LearnerFactory(locality=locality, email="nia@example.test")
    return NotificationFactory(learner=learner, status=Notification.Status.SENDING, attempts=1,
                               claimed_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


@pytest.fixture
def stopped(locality):
    return _sending(locality, minutes_ago=SENDING_STOPPED_AFTER.total_seconds() / 60 + 1)


@pytest.fixture
def in_flight(locality):
    return _sending(locality, minutes_ago=2)


def _rows(client):
    body = client.get(reverse("workqueue:queue", args=["messages"])).content.decode()
    return re.findall(r'<tr data-testid="queue-row">(.*?)</tr>', body, re.S)


def _send_again(client, message, **data):
    return client.post(reverse("workqueue:message_send_again", args=[message.pk]), data)


def test_the_limit_is_well_beyond_the_sending_tasks_time_limit():
    longest_run = max(notification_send_task.time_limit or 0, settings.CELERY_TASK_TIME_LIMIT)
    assert SENDING_STOPPED_AFTER.total_seconds() >= 3 * longest_run


def test_a_stopped_send_is_listed_with_mark_as_sent_and_send_again_with_a_confirmation(client_for, staff, stopped):
    [row] = _rows(client_for(staff))
    assert "Sending stopped: it may or may not have gone" in row
    assert reverse("workqueue:message_mark_sent", args=[stopped.pk]) in row
    assert reverse("workqueue:message_send_again", args=[stopped.pk]) in row
    assert 'name="accept_duplicate"' in row and "may arrive twice" in row
    assert reverse("workqueue:message_retry", args=[stopped.pk]) not in row  # no unconfirmed resend


def test_a_send_still_within_the_limit_is_not_listed(client_for, staff, in_flight):
    assert _rows(client_for(staff)) == []


def test_staff_mark_a_stopped_send_as_sent(client_for, staff, stopped):
    client = client_for(staff)
    response = client.post(reverse("workqueue:message_mark_sent", args=[stopped.pk]), follow=True)
    assert "Marked as sent" in response.content.decode()
    stopped.refresh_from_db()
    assert stopped.status == Notification.Status.SENT and stopped.sent_at and stopped.claimed_at is None
    assert stopped.handled_by == staff and not mail.outbox
    assert _rows(client) == []


def test_send_again_without_ticking_the_box_is_refused_with_a_clear_message(client_for, staff, stopped,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send_again(client_for(staff), stopped)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Tick the box to confirm you accept the message may arrive twice" in body
    assert 'name="accept_duplicate"' in body  # the form is there to tick and send
    stopped.refresh_from_db()
    assert stopped.status == Notification.Status.SENDING and not mail.outbox


def test_send_again_with_the_box_ticked_sends_it_once(client_for, staff, stopped,
                                                      django_capture_on_commit_callbacks):
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _send_again(client, stopped, accept_duplicate="on")
        _send_again(client, stopped, accept_duplicate="on")  # a double click
    assert response.status_code == 302
    stopped.refresh_from_db()
    assert stopped.status == Notification.Status.SENT and stopped.handled_by == staff
    assert [m.to for m in mail.outbox] == [["nia@example.test"]]


@pytest.mark.parametrize("action", ["workqueue:message_send_again", "workqueue:message_mark_sent",
                                    "workqueue:message_retry"])
def test_a_send_within_the_limit_cannot_be_sent_again_or_marked_sent(client_for, staff, in_flight, action,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(reverse(action, args=[in_flight.pk]), {"accept_duplicate": "on"},
                                          follow=True)
    assert "may still be on its way" in response.content.decode()
    in_flight.refresh_from_db()
    assert in_flight.status == Notification.Status.SENDING and in_flight.handled_by is None and not mail.outbox


def test_the_service_refuses_to_resend_a_stopped_send_unless_a_duplicate_is_accepted(staff, stopped):
    with pytest.raises(ValidationError) as caught:
        services.notification_retry(notification=stopped, by=staff)
    assert "accept_duplicate" in caught.value.message_dict
    stopped.refresh_from_db()
    assert stopped.status == Notification.Status.SENDING


def test_a_failed_message_cannot_be_marked_sent(staff, locality):
    failed = NotificationFactory(learner=LearnerFactory(locality=locality), status=Notification.Status.FAILED)
    with pytest.raises(ValidationError, match="Only a message whose sending stopped"):
        services.notification_mark_sent(notification=failed, by=staff)


def test_staff_of_another_locality_cannot_act_on_it(client_for, other_locality_staff, stopped):
    client = client_for(other_locality_staff)
    assert client.post(reverse("workqueue:message_mark_sent", args=[stopped.pk])).status_code == 404
    assert _send_again(client, stopped, accept_duplicate="on").status_code == 404
    stopped.refresh_from_db()
    assert stopped.status == Notification.Status.SENDING


@pytest.mark.parametrize("act, action", [
    (lambda n, by: services.notification_mark_sent(notification=n, by=by), "notification.mark_sent"),
    (lambda n, by: services.notification_retry(notification=n, by=by, accept_duplicate=True),
     "notification.send_again"),
])
def test_what_staff_decide_about_a_stopped_send_is_in_the_audit_log(staff, stopped, act, action,
                                                                    django_capture_on_commit_callbacks):
    from academy.models import AuditEvent

    with django_capture_on_commit_callbacks(execute=False):
        act(stopped, staff)
    [event] = AuditEvent.objects.filter(action=action)
    assert event.actor == staff and event.learner_id == stopped.learner_id


def test_marking_a_letter_posted_is_in_the_audit_log(staff, locality):
    from academy.models import AuditEvent

    letter = NotificationFactory(learner=LearnerFactory(locality=locality), channel="letter",
                                 status=Notification.Status.TO_POST)
    services.letter_mark_posted(notification=letter, by=staff)
    [event] = AuditEvent.objects.filter(action="notification.letter_posted")
    assert event.actor == staff and event.learner_id == letter.learner_id

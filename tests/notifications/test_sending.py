"""Each event sends one message per recipient, once, on the channel that reaches them; a failure is
retried with backoff, then shown to staff, and sending it again sends it once."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from learners.models import Learner
from learners.validators import validate_contact_preference
from notifications import services
from notifications.models import Channel, Notification
from notifications.services import Recipient, notify
from notifications.tasks import MAX_RETRIES, notification_send_task, retry_delay
from tests.factories import ApplicationFactory, LearnerFactory

pytestmark = pytest.mark.django_db


def _recipient(**fields):
    return Recipient(**{"key": "learner:1", "name": "Amira Okafor", "email": "amira@example.test", **fields})


def _queue(recipient=None, about="application:1", event="application_received"):
    return notify(event=event, about=about, recipient=recipient or _recipient(),
                  values={"first_name": "Amira", "cohort": "January"})


def test_the_message_is_sent_after_commit_and_only_once_when_the_event_runs_twice(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue()
        second = _queue()
    assert first.pk == second.pk and Notification.objects.count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amira@example.test"]
    assert "We have your application for January" in mail.outbox[0].subject
    first.refresh_from_db()
    assert first.status == Notification.Status.SENT and first.sent_at and first.attempts == 1


def test_nothing_is_sent_when_the_event_is_rolled_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue()
    assert len(callbacks) == 1 and not mail.outbox  # waits for the commit


def test_running_the_task_twice_sends_once(django_capture_on_commit_callbacks):
    notification = _queue()  # its task waits for a commit that never comes in this test
    assert notification_send_task.apply(args=[notification.pk]).get() == "sent"
    assert notification_send_task.apply(args=[notification.pk]).get() == "not queued"
    assert len(mail.outbox) == 1


def test_without_an_email_the_message_is_a_text(django_capture_on_commit_callbacks, caplog):
    recipient = _recipient(email="", phone="+447700900123")
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level("INFO", "notifications.senders"):
        notification = _queue(recipient)
    notification.refresh_from_db()
    assert notification.channel == Channel.TEXT and notification.address == "+447700900123"
    assert notification.status == Notification.Status.SENT and not mail.outbox
    assert "we have your application for January" in caplog.text  # the console sender, with no Notify key


def test_a_text_preference_is_followed_when_there_is_a_phone():
    assert services.channel_for(_recipient(prefers="text", phone="+447700900123")) == Channel.TEXT
    assert services.channel_for(_recipient(prefers="text")) == Channel.EMAIL  # no phone: email instead


def test_without_email_or_phone_a_letter_is_listed_for_staff_to_post(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _queue(_recipient(email="", postal_address="1 Promenade\nFY1 1AA"))
    assert notification.channel == Channel.LETTER and notification.status == Notification.Status.TO_POST
    assert notification.address == "1 Promenade\nFY1 1AA" and not mail.outbox


def test_the_notify_sender_is_used_when_a_key_is_set(settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_API_KEY = "test_key-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000"
    settings.NOTIFY_SMS_TEMPLATE_ID = "template-1"
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient.send_sms_notification") as send, \
            django_capture_on_commit_callbacks(execute=True):
        notification = _queue(_recipient(email="", phone="+447700900123"))
    send.assert_called_once()
    kwargs = send.call_args.kwargs
    assert kwargs["phone_number"] == "+447700900123" and kwargs["template_id"] == "template-1"
    assert kwargs["reference"] == notification.idempotency_key and "January" in kwargs["personalisation"]["body"]


def test_the_backoff_doubles_and_is_capped():
    assert [retry_delay(n) for n in range(4)] == [30, 60, 120, 240]
    assert retry_delay(20) == 300


@pytest.fixture
def retries_run_in_process():
    """On a worker a retry is sent to the broker; in-process, Celery runs it at once unless the
    failure propagates (the test settings' default)."""
    from config.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


def test_a_failure_is_retried_then_sent_once(django_capture_on_commit_callbacks, retries_run_in_process):
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) < 3:
            raise OSError("SMTP server unavailable")

    with mock.patch("notifications.senders.email_send", side_effect=flaky), \
            mock.patch.object(notification_send_task, "retry", wraps=notification_send_task.retry) as retry, \
            django_capture_on_commit_callbacks(execute=True):
        notification = _queue()
    notification.refresh_from_db()
    assert len(calls) == 3 and notification.status == Notification.Status.SENT and notification.attempts == 3
    assert [c.kwargs["countdown"] for c in retry.call_args_list] == [30, 60]


def test_a_message_that_keeps_failing_is_shown_to_staff_and_sent_once_when_retried(
        client_for, staff, locality, django_capture_on_commit_callbacks, retries_run_in_process):
    learner = LearnerFactory(locality=locality)
    application = ApplicationFactory(learner=learner)
    notification = Notification.objects.get(learner=learner)
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.QUEUED)
    with mock.patch("notifications.senders.email_send", side_effect=OSError("refused")) as send:
        notification_send_task.apply(args=[notification.pk])
    notification.refresh_from_db()
    assert send.call_count == MAX_RETRIES + 1 and notification.attempts == MAX_RETRIES + 1
    assert notification.status == Notification.Status.FAILED and "refused" in notification.last_error

    home = client_for(staff).get("/academy/")
    assert home.context["queues"] and dict((q.slug, n) for q, n in home.context["queues"])["messages"] == 1
    page = client_for(staff).get("/academy/queue/messages/")
    assert f"Could not be sent after {MAX_RETRIES + 1} attempts" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(f"/academy/messages/{notification.pk}/retry/")
        client_for(staff).post(f"/academy/messages/{notification.pk}/retry/")  # a double click
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert [m.to for m in mail.outbox] == [[learner.email]] and application.cohort.name in mail.outbox[0].subject


def test_staff_cannot_retry_a_message_about_a_learner_they_cannot_see(client_for, other_locality_staff, locality):
    learner = LearnerFactory(locality=locality)
    ApplicationFactory(learner=learner)
    notification = Notification.objects.get(learner=learner)
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.FAILED)
    assert client_for(other_locality_staff).post(f"/academy/messages/{notification.pk}/retry/").status_code == 404
    assert Notification.objects.get(pk=notification.pk).status == Notification.Status.FAILED


def test_a_learner_cannot_retry_messages(client_for, learner):
    ApplicationFactory(learner=learner)
    notification = Notification.objects.get(learner=learner)
    assert client_for(learner.user).post(f"/academy/messages/{notification.pk}/retry/").status_code == 403


def test_staff_mark_a_letter_posted(client_for, staff, locality):
    learner = LearnerFactory(locality=locality, email="", user=None, contact_preference="letter",
                             address="1 Promenade")
    ApplicationFactory(learner=learner)
    letter = Notification.objects.get(learner=learner)
    assert letter.status == Notification.Status.TO_POST and "1 Promenade" in letter.address
    client_for(staff).post(f"/academy/messages/{letter.pk}/posted/")
    letter.refresh_from_db()
    assert letter.status == Notification.Status.POSTED and letter.sent_at


def test_a_learner_without_email_cannot_choose_email():
    with pytest.raises(ValidationError, match="no email address"):
        validate_contact_preference(preference="email", email="", phone="+447700900123")
    validate_contact_preference(preference="text", email="", phone="+447700900123")


def test_a_learner_chooses_how_they_are_contacted_on_their_details_page(client_for, learner):
    Learner.objects.filter(pk=learner.pk).update(phone="")
    response = client_for(learner.user).post("/learners/me/details/", {
        "postcode": "FY1 4AB", "contact_preference": "text"})
    assert response.status_code == 400 and "Add your mobile phone number" in response.content.decode()
    response = client_for(learner.user).post("/learners/me/details/", {
        "postcode": "FY1 4AB", "contact_preference": "letter"})
    learner.refresh_from_db()
    assert response.status_code == 302 and learner.contact_preference == "letter"


def test_queueing_a_message_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    # the duplicate check, the wording, full_clean's constraint check, the insert in its savepoint
    with django_assert_max_num_queries(8):
        _queue()
    with django_assert_max_num_queries(1):  # the same event again: only the duplicate check
        _queue()

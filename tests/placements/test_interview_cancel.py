"""A learner cancels an interview they booked themselves, while it is still to come."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent
from learners.permissions import learners_visible_to
from learners.selectors import learner_home_record, learner_record, learner_timeline
from notifications.models import MessageTemplate, Notification
from placements import selectors, services
from placements.models import Interview, InterviewSlot
from tests.factories import InterviewSlotFactory, SiteFactory, VacancyFactory
from tests.factories.placements import booked_interview, enrolled_application, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy(provider_user):
    return VacancyFactory(site=SiteFactory(provider=provider_user.provider), role_title="Care assistant")


@pytest.fixture
def interview(learner, vacancy):
    """Booked for the learner by academy staff, in three days' time, with `provider_user`'s organisation."""
    return booked_interview(application=enrolled_application(learner=learner),
                            slot=InterviewSlotFactory(vacancy=vacancy))


def _self_booked(interview):
    Interview.objects.filter(pk=interview.pk).update(booked_via=Interview.BookedVia.SELF)
    interview.refresh_from_db()
    return interview


@pytest.fixture
def own(learner, vacancy):
    """The learner's own booking (as the book page makes it), in three days' time."""
    return services.interview_book(slot=InterviewSlotFactory(vacancy=vacancy),
                                   application=enrolled_application(learner=learner), by=learner.user,
                                   via=Interview.BookedVia.SELF)


def url(interview):
    return reverse("placements:interview_cancel", args=[interview.pk])


def _move_into_the_past(interview):
    slot = interview.slot
    slot.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    slot.ends_at = slot.starts_at + datetime.timedelta(minutes=30)
    slot.save()
    interview.refresh_from_db()


# --- the service ---------------------------------------------------------------------------------------


def test_the_learner_cancels_and_the_interview_is_kept_as_withdrawn_by_them(own, learner):
    services.interview_cancel_by_learner(interview=own, by=learner.user)
    own.refresh_from_db()
    assert own.outcome == Interview.Outcome.WITHDRAWN
    assert own.outcome_recorded_by == learner.user and own.outcome_recorded_at is not None
    assert own.cancelled_by_learner
    assert own.application.stage == "enrolled"  # the pipeline is left alone


def test_the_time_is_free_to_book_again(own, learner, other_learner):
    old_slot = own.slot
    assert not selectors.free_slots().filter(starts_at=old_slot.starts_at).exists()
    services.interview_cancel_by_learner(interview=own, by=learner.user)
    freed = selectors.free_slots().get(starts_at=old_slot.starts_at)
    assert (freed.vacancy_id, freed.site_id, freed.ends_at) == (old_slot.vacancy_id, old_slot.site_id,
                                                                 old_slot.ends_at)
    # someone else can take it
    someone = enrolled_application(learner=other_learner)
    taken = services.interview_book(slot=freed, application=someone, by=other_learner.user,
                                    via=Interview.BookedVia.SELF)
    assert taken.slot.starts_at == old_slot.starts_at


def test_the_learner_can_book_the_same_job_again_after_cancelling(own, learner):
    services.interview_cancel_by_learner(interview=own, by=learner.user)
    freed = selectors.free_slots().get()
    again = services.interview_book(slot=freed, application=own.application, by=learner.user,
                                    via=Interview.BookedVia.SELF)
    assert again.outcome == Interview.Outcome.PENDING


def test_the_provider_no_longer_sees_the_learner_through_a_cancelled_interview(own, learner, provider_user):
    assert learners_visible_to(provider_user).filter(pk=learner.pk).exists()
    services.interview_cancel_by_learner(interview=own, by=learner.user)
    assert not learners_visible_to(provider_user).filter(pk=learner.pk).exists()


def test_a_past_interview_cannot_be_cancelled(own, learner):
    _move_into_the_past(own)
    with pytest.raises(ValidationError, match="time has passed") as exc:
        services.interview_cancel_by_learner(interview=own, by=learner.user)
    assert "time has passed" in exc.value.messages[0]
    own.refresh_from_db()
    assert own.outcome == Interview.Outcome.PENDING
    assert InterviewSlot.objects.count() == 1


def test_an_interview_arranged_by_staff_is_not_the_learners_to_cancel(interview, learner):
    assert interview.booked_via == Interview.BookedVia.STAFF
    with pytest.raises(ValidationError, match="contact your academy tutor") as exc:
        services.interview_cancel_by_learner(interview=interview, by=learner.user)
    assert "contact your academy tutor" in exc.value.messages[0]


def test_an_interview_cannot_be_cancelled_twice(own, learner):
    services.interview_cancel_by_learner(interview=own, by=learner.user)
    with pytest.raises(ValidationError, match="already been cancelled") as exc:
        services.interview_cancel_by_learner(interview=own, by=learner.user)
    assert "already been cancelled" in exc.value.messages[0]
    assert InterviewSlot.objects.count() == 2  # one freed slot, not two


@pytest.mark.parametrize("persona", ["other_learner", "staff", "provider_user", "partner"])
def test_nobody_else_can_cancel_a_learners_interview(own, request, persona):
    someone = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.interview_cancel_by_learner(interview=own, by=getattr(someone, "user", someone))
    own.refresh_from_db()
    assert own.outcome == Interview.Outcome.PENDING


def test_the_cancellation_is_audited(own, learner):
    services.interview_cancel_by_learner(interview=own, by=learner.user)
    event = AuditEvent.objects.get(action="interview.cancel_by_learner")
    assert event.actor == learner.user and event.learner_id == learner.pk and event.object_id == str(own.pk)


# --- pages -------------------------------------------------------------------------------------------


def test_the_learner_sees_a_cancel_link_for_their_own_future_booking(client_for, own, learner):
    body = client_for(learner.user).get(reverse("placements:my")).content.decode()
    assert url(own) in body


def test_no_cancel_link_for_a_past_or_staff_arranged_interview(client_for, interview, learner):
    assert url(interview) not in client_for(learner.user).get(reverse("placements:my")).content.decode()
    _self_booked(interview)
    _move_into_the_past(interview)
    assert url(interview) not in client_for(learner.user).get(reverse("placements:my")).content.decode()


def test_cancelling_asks_first_then_cancels_on_post(client_for, own, learner):
    client = client_for(learner.user)
    page = client.get(url(own))
    assert page.status_code == 200
    assert 'data-testid="confirm-cancel-interview"' in page.content.decode()
    own.refresh_from_db()
    assert own.outcome == Interview.Outcome.PENDING  # a GET never cancels
    response = client.post(url(own))
    assert response.status_code == 302 and response["Location"] == reverse("placements:my")
    own.refresh_from_db()
    assert own.cancelled_by_learner
    body = client.get(reverse("placements:my")).content.decode()
    assert "is cancelled" in body and "(cancelled by you)" in body


def test_a_past_interview_gets_a_clear_message_and_stays_as_it_was(client_for, own, learner):
    _move_into_the_past(own)
    client = client_for(learner.user)
    page = client.get(url(own)).content.decode()
    assert 'data-testid="cannot-cancel"' in page and "time has passed" in page
    assert 'data-testid="confirm-cancel-interview"' not in page
    response = client.post(url(own), follow=True)
    assert "time has passed" in response.content.decode()
    own.refresh_from_db()
    assert own.outcome == Interview.Outcome.PENDING


def test_the_provider_and_staff_see_that_the_learner_cancelled(client_for, own, learner, provider_user, staff):
    client_for(learner.user).post(url(own))
    for user in (provider_user, staff):
        body = client_for(user).get(reverse("placements:interviews")).content.decode()
        assert 'data-testid="cancelled-by-learner"' in body, user
    body = client_for(provider_user).get(reverse("placements:slots")).content.decode()
    assert "(cancelled by the learner)" in body and "Free" in body
    staff_view = client_for(staff).get(reverse("placements:matches", args=[learner.pk])).content.decode()
    assert "Withdrawn" in staff_view


@pytest.mark.parametrize("persona,status", [
    ("other_learner", 404), ("staff", 403), ("other_locality_staff", 403), ("provider_user", 403),
    ("other_provider_user", 403), ("partner", 403),
])
def test_everyone_else_is_refused(client_for, own, request, persona, status):
    user = request.getfixturevalue(persona)
    client = client_for(getattr(user, "user", user))
    assert client.get(url(own)).status_code == status
    assert client.post(url(own)).status_code == status
    own.refresh_from_db()
    assert own.outcome == Interview.Outcome.PENDING


def test_anonymous_visitors_are_sent_to_sign_in(client, own):
    response = client.post(url(own))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    own.refresh_from_db()
    assert own.outcome == Interview.Outcome.PENDING


def test_a_learner_cannot_cancel_another_learners_interview_by_its_id(client_for, other_learner, vacancy):
    """IDOR: other_learner's own booking exists; the learner guesses its id and gets 404."""
    theirs = _self_booked(booked_interview(application=enrolled_application(learner=other_learner),
                                           slot=InterviewSlotFactory(vacancy=vacancy, starts_at=in_days(4))))
    from tests.factories import LearnerFactory

    me = LearnerFactory(user__email="third@example.test")
    assert client_for(me.user).post(url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.outcome == Interview.Outcome.PENDING


# --- who is told --------------------------------------------------------------------------------------


@pytest.fixture
def contact(provider_user):
    provider = provider_user.provider
    provider.contact_name, provider.contact_email = "Sam Jones", "manager@seaview.test"
    provider.save()
    return provider


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_the_learner_and_the_providers_contact_are_told_once_after_commit(
        own, learner, contact, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.interview_cancel_by_learner(interview=own, by=learner.user)
    assert callbacks and not mail.outbox  # the sending tasks wait for the commit
    for callback in callbacks:
        callback()
    for callback in callbacks:  # a task run twice still sends once
        callback()
    mine, theirs = _to(learner.email), _to("manager@seaview.test")
    assert len(mine) == 1 and len(theirs) == 1 and len(mail.outbox) == 2
    assert "cancelled your interview" in mine[0].body and "Care assistant" in mine[0].body
    # The cancelled calendar entry takes the interview out of the learner's calendar.
    [(filename, calendar, _)] = mine[0].attachments
    assert filename == "interview.ics" and "STATUS:CANCELLED" in str(calendar)
    assert "Dear Sam Jones" in theirs[0].body and "free again" in theirs[0].body
    assert set(Notification.objects.filter(event__in=["interview_cancelled_by_learner", "interview_slot_freed"])
               .values_list("event", "status")) == {("interview_cancelled_by_learner", "sent"),
                                                    ("interview_slot_freed", "sent")}
    assert Notification.objects.get(event="interview_slot_freed").recipient_provider == contact


def test_the_provider_is_not_told_the_learners_name_or_contact_details_once_nothing_links_them(
        own, learner, contact, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_cancel_by_learner(interview=own, by=learner.user)
    [message] = _to("manager@seaview.test")
    text = message.subject + message.body
    assert "a learner" in text
    for detail in filter(None, (learner.first_name, learner.last_name, learner.email, learner.phone)):
        assert detail not in text


def test_the_provider_is_told_the_name_while_another_interview_with_the_learner_is_active(
        own, learner, contact, vacancy, django_capture_on_commit_callbacks):
    booked_interview(application=enrolled_application(learner=learner),
                     slot=InterviewSlotFactory(vacancy=VacancyFactory(site=vacancy.site), starts_at=in_days(5)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_cancel_by_learner(interview=own, by=learner.user)
    [message] = _to("manager@seaview.test")
    assert learner.full_name in message.body and learner.email not in message.body


def test_the_messages_are_on_the_learners_timeline(own, learner, contact, staff,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_cancel_by_learner(interview=own, by=learner.user)
    record = learner_record(learner_pk=learner.pk, visible=learners_visible_to(staff))
    lines = [e.text for e in learner_timeline(record) if e.kind == "message"]
    assert any(line.startswith("Message to Sam Jones (email, sent): Interview slot free again") for line in lines)
    own_lines = [e.text for e in learner_timeline(learner_home_record(user=learner.user), who=False)
                 if e.kind == "message"]
    assert "We sent you an email: You have cancelled your interview" in own_lines
    assert not any("free again" in line for line in own_lines)  # the provider's message is not theirs


def test_a_provider_without_an_email_or_phone_gets_a_letter_for_staff_to_post(
        own, learner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_cancel_by_learner(interview=own, by=learner.user)
    letter = Notification.objects.get(event="interview_slot_freed")
    assert letter.status == Notification.Status.TO_POST and letter.learner_id == learner.pk


def test_the_new_messages_have_wording_staff_can_edit():
    assert set(MessageTemplate.objects.filter(event__in=["interview_cancelled_by_learner", "interview_slot_freed"])
               .values_list("event", "channel")) == {
        ("interview_cancelled_by_learner", "email"), ("interview_cancelled_by_learner", "text"),
        ("interview_slot_freed", "email"), ("interview_slot_freed", "text")}

"""Staff cancel or move a booked interview with a reason; the learner is emailed, sees it on their
timeline as cancelled by the academy (not as their own withdrawal), and the time is free again."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from learners.permissions import learners_visible_to
from learners.selectors import learner_record, learner_timeline
from placements import interview_changes, selectors
from placements.models import Interview
from tests.factories import InterviewSlotFactory, VacancyFactory
from tests.factories.placements import booked_interview, enrolled_application, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(learner):
    return booked_interview(application=enrolled_application(learner=learner),
                            slot=InterviewSlotFactory(vacancy=VacancyFactory(role_title="Care assistant")))


def test_staff_cancel_with_a_reason_and_the_learner_is_told(client_for, staff, interview, learner,
                                                            django_capture_on_commit_callbacks):
    starts_at = interview.slot.starts_at
    with django_capture_on_commit_callbacks(execute=True):  # the email is sent once the change is committed
        response = client_for(staff).post(reverse("placements:interview_staff_cancel", args=[interview.pk]),
                                          {"reason": "The manager is off sick that day."})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.CANCELLED and not interview.cancelled_by_learner
    assert interview.outcome_reason == "The manager is off sick that day."
    # the slot is freed: the same time is offered again
    assert selectors.free_slots().filter(starts_at=starts_at, vacancy=interview.vacancy).exists()
    # the learner is emailed the reason
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]
    assert "cancelled" in mail.outbox[0].subject and "off sick" in mail.outbox[0].body
    # and sees it on their timeline, as the academy's cancellation
    record = learner_record(learner_pk=learner.pk, visible=learners_visible_to(staff))
    lines = [e.text for e in learner_timeline(record)]
    assert any("cancelled by the academy: The manager is off sick" in line for line in lines)
    me = client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert "cancelled by the academy" in me
    mine = client_for(learner.user).get(reverse("placements:my")).content.decode()
    assert "Cancelled by the academy" in mine and "(The manager is off sick that day.)" in mine
    assert "cancelled by you" not in mine


def test_a_cancellation_needs_a_reason_and_keeps_nothing_half_done(client_for, staff, interview):
    response = client_for(staff).post(reverse("placements:interview_staff_cancel", args=[interview.pk]),
                                      {"reason": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.PENDING and not mail.outbox
    with pytest.raises(ValidationError, match="Say why"):
        interview_changes.interview_cancel_by_staff(interview=interview, by=staff, reason="  ")


def test_staff_move_to_a_new_time_and_the_old_time_is_freed(client_for, staff, interview, learner,
                                                             django_capture_on_commit_callbacks):
    old_start = interview.slot.starts_at
    new_start = in_days(6, hour=14)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(reverse("placements:interview_move", args=[interview.pk]), {
            "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"), "length": 45,
            "reason": "The interviewer is on leave."})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.CANCELLED and "The interviewer is on leave." in interview.outcome_reason
    moved = Interview.objects.get(outcome=Interview.Outcome.PENDING)
    assert moved.slot.starts_at == new_start and moved.vacancy == interview.vacancy
    assert moved.slot.ends_at - moved.slot.starts_at == datetime.timedelta(minutes=45)
    assert selectors.free_slots().filter(starts_at=old_start).exists()
    assert len(mail.outbox) == 1 and "moved" in mail.outbox[0].subject
    assert f"{new_start:%A %d %B %Y at %H:%M}" in mail.outbox[0].body


def test_move_to_another_free_slot_of_the_same_job(staff, interview):
    other = InterviewSlotFactory(vacancy=interview.vacancy, starts_at=in_days(4), ends_at=in_days(4) + datetime.timedelta(minutes=30))
    moved = interview_changes.interview_move(interview=interview, by=staff, reason="Clash", slot=other)
    assert moved.slot == other
    with pytest.raises(ValidationError, match="same job"):
        interview_changes.interview_move(interview=moved, by=staff, reason="Clash",
                                         slot=InterviewSlotFactory(vacancy=VacancyFactory()))


def test_a_move_to_a_past_time_is_refused_and_what_was_typed_kept(client_for, staff, interview):
    past = in_days(-1)
    response = client_for(staff).post(reverse("placements:interview_move", args=[interview.pk]), {
        "starts_at": past.strftime("%Y-%m-%dT%H:%M"), "length": 30, "reason": "Keep me"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "must be in the future" in page and "Keep me" in page
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.PENDING


def test_a_decided_or_past_interview_cannot_be_cancelled(staff, interview):
    interview_changes.interview_cancel_by_staff(interview=interview, by=staff, reason="Closed")
    with pytest.raises(ValidationError, match="already"):
        interview_changes.interview_cancel_by_staff(interview=interview, by=staff, reason="Again")


def test_other_locality_staff_providers_and_learners_are_refused(client_for, other_locality_staff, provider_user,
                                                                learner, interview):
    for user in (other_locality_staff, provider_user, learner.user):
        client = client_for(user)
        for name in ("placements:interview_staff_cancel", "placements:interview_move"):
            response = client.post(reverse(name, args=[interview.pk]), {"reason": "x"})
            assert response.status_code in (403, 404), (user, name)
    with pytest.raises(PermissionDenied):
        interview_changes.interview_cancel_by_staff(interview=interview, by=other_locality_staff, reason="x")
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.PENDING and not mail.outbox

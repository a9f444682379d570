"""The timeline on the learner's own page and on the staff learner page tells of interviews the academy
cancelled and of "no offer" feedback released to the learner, and of no other interview."""

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Interview
from tests.factories import InterviewSlotFactory, VacancyFactory
from tests.factories.placements import booked_interview, enrolled_application

pytestmark = pytest.mark.django_db


def _interviews(learner):
    application = enrolled_application(learner=learner)
    cancelled, released, pending = (
        booked_interview(application=application,
                         slot=InterviewSlotFactory(vacancy=VacancyFactory(role_title=role)))
        for role in ("Night carer", "Day carer", "Home carer"))
    Interview.objects.filter(pk=cancelled.pk).update(
        outcome=Interview.Outcome.CANCELLED, outcome_reason="The manager is off sick.",
        outcome_recorded_at=timezone.now())
    Interview.objects.filter(pk=released.pk).update(
        outcome=Interview.Outcome.NO_OFFER, outcome_reason="More experience needed.", outcome_recorded_at=timezone.now(),
        learner_feedback="Try some volunteering first.", feedback_shown_at=timezone.now())
    return pending


def _interview_lines(response):
    return [e.text for e in response.context["timeline"] if e.kind in ("interview", "feedback")]


@pytest.mark.parametrize("page", ["own", "staff"])
def test_the_timeline_shows_cancelled_interviews_and_released_feedback_only(client_for, staff, learner, page):
    _interviews(learner)
    if page == "own":
        response = client_for(learner.user).get(reverse("learners:me"))
    else:
        response = client_for(staff).get(reverse("learners:detail", args=[learner.pk]))
    lines = _interview_lines(response)
    assert len(lines) == 2
    assert any("Night carer" in line and "cancelled by the academy: The manager is off sick." in line
               for line in lines)
    assert any("Day carer" in line and "Try some volunteering first." in line for line in lines)
    assert not any("Home carer" in line for line in lines)


def test_feedback_not_yet_released_stays_off_the_learners_timeline(client_for, learner):
    pending = _interviews(learner)
    Interview.objects.filter(pk=pending.pk).update(
        outcome=Interview.Outcome.NO_OFFER, outcome_reason="More experience needed.",
        outcome_recorded_at=timezone.now(), learner_feedback="Not shown yet.")
    lines = _interview_lines(client_for(learner.user).get(reverse("learners:me")))
    assert not any("Not shown yet." in line for line in lines)

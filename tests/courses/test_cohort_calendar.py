"""A cohort's sessions as an .ics file: every session on its day at the venue, for learners on the
cohort and staff who work on it, and nobody else."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses.calendars import cohort_sessions_calendar
from learners.models import Stage
from tests.factories import ApplicationFactory, CohortSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(cohort):
    # either side of the clocks going back (31 October 2027)
    return [CohortSessionFactory(cohort=cohort, date=datetime.date(2027, 10, 29), title="Safeguarding"),
            CohortSessionFactory(cohort=cohort, date=datetime.date(2027, 11, 1), title="Dementia awareness")]


def test_every_session_is_an_all_day_event_at_the_venue(cohort, sessions):
    cohort.venue = "Layton Library"
    cohort.save()
    calendar = Calendar.from_ical(cohort_sessions_calendar(cohort))
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in events] == [datetime.date(2027, 10, 29), datetime.date(2027, 11, 1)]
    assert [e.decoded("DTEND") for e in events] == [datetime.date(2027, 10, 30), datetime.date(2027, 11, 2)]
    assert ["Safeguarding" in str(e["SUMMARY"]) for e in events] == [True, False]
    assert {str(e["LOCATION"]) for e in events} == {"Layton Library"}
    assert len({str(e["UID"]) for e in events}) == 2
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
    again = Calendar.from_ical(cohort_sessions_calendar(cohort))
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]


def test_another_cohorts_sessions_are_not_included(cohort, sessions):
    CohortSessionFactory(title="Someone else's session")
    assert b"Someone else" not in cohort_sessions_calendar(cohort)


def _download(client, cohort):
    return client.get(reverse("courses:cohort_calendar", args=[cohort.pk]))


@pytest.mark.parametrize("stage, status", [
    (Stage.ENROLLED, 200), (Stage.ACCEPTED, 200), (Stage.STARTED_WORK, 200),
    (Stage.APPLIED, 404), (Stage.WITHDRAWN, 404), (None, 404),
])
def test_a_learner_downloads_only_the_sessions_of_a_cohort_they_hold_a_place_on(client_for, learner, cohort,
                                                                               sessions, stage, status):
    if stage:
        ApplicationFactory(learner=learner, cohort=cohort, stage=stage)
    response = _download(client_for(learner.user), cohort)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"].startswith("text/calendar")
        assert len(list(Calendar.from_ical(response.content).walk("VEVENT"))) == 2


@pytest.mark.parametrize("who, status", [
    ("staff", 200), ("other_locality_staff", 404), ("provider_user", 403), ("partner", 403),
])
def test_staff_of_the_cohorts_locality_download_it_and_others_are_refused(request, client_for, cohort, sessions,
                                                                          who, status):
    assert _download(client_for(request.getfixturevalue(who)), cohort).status_code == status


def test_someone_signed_out_is_sent_to_sign_in(client, cohort):
    assert _download(client, cohort).status_code == 302


def test_the_cohort_page_and_the_learner_home_link_to_the_sessions(client_for, staff, learner, cohort, sessions):
    link = reverse("courses:cohort_calendar", args=[cohort.pk])
    assert link in client_for(staff).get(reverse("courses:cohort_detail", args=[cohort.pk])).content.decode()
    ApplicationFactory(learner=learner, cohort=cohort, stage=Stage.APPLIED)
    assert link not in client_for(learner.user).get(reverse("learners:me")).content.decode()
    learner.applications.update(stage=Stage.ENROLLED)
    assert link in client_for(learner.user).get(reverse("learners:me")).content.decode()

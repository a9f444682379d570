"""An interview as an .ics file: London times either side of a clock change, one UID for one booking
through moves, cancelled when cancelled, the learner's name only where the provider rule allows, and
the download refused to everyone who may not see the interview."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from academy.models import AuditEvent
from learners.services.consent import consent_give, consent_withdraw
from placements import interview_changes
from placements.calendars import interview_calendar
from placements.models import Interview
from tests.factories import InterviewSlotFactory, SiteFactory, VacancyFactory
from tests.factories.placements import booked_interview, enrolled_application

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _event(content: bytes):
    calendar = Calendar.from_ical(content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


@pytest.fixture
def vacancy(provider_user):
    site = SiteFactory(provider=provider_user.provider, name="Beech House", address="12 Park Road\nBlackpool",
                       postcode="FY1 2AB")
    return VacancyFactory(site=site, role_title="Care assistant")


@pytest.fixture
def interview(learner, vacancy):
    return booked_interview(application=enrolled_application(learner=learner), slot=InterviewSlotFactory(
        vacancy=vacancy, starts_at=datetime.datetime(2027, 3, 29, 10, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2027, 3, 29, 10, 45, tzinfo=LONDON), interviewer="Sam Patel"))


def test_times_are_in_london_time_either_side_of_the_clocks_going_forward(learner, vacancy, interview):
    # 26 March 2027 is GMT, 29 March 2027 is BST (the clocks go forward on 28 March).
    winter = booked_interview(application=enrolled_application(learner=learner), slot=InterviewSlotFactory(
        vacancy=VacancyFactory(site=vacancy.site), starts_at=datetime.datetime(2027, 3, 26, 10, 0, tzinfo=LONDON)))
    for booked, utc_hour in ((winter, 10), (interview, 9)):
        content = interview_calendar(booked, viewer=None)
        calendar, event = _event(content)
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event["DTEND"].params["TZID"] == "Europe/London"
        start = event.decoded("DTSTART")
        assert (start.hour, start.minute) == (10, 0)  # the time on the learner's letter
        assert start.astimezone(datetime.UTC).hour == utc_hour
        assert b"DTSTART;TZID=Europe/London:" in content
        zones = list(calendar.walk("VTIMEZONE"))
        assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
        assert {str(p["TZNAME"]) for p in zones[0].subcomponents} >= {"GMT", "BST"}
    _, event = _event(interview_calendar(interview, viewer=None))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=45)
    assert str(event["LOCATION"]) == "Beech House, 12 Park Road Blackpool, FY1 2AB"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Sam Patel" in str(event["DESCRIPTION"])


def test_the_uid_stays_the_same_and_the_sequence_grows_when_staff_move_the_interview(staff, interview):
    _, first = _event(interview_calendar(interview, viewer=None))
    _, again = _event(interview_calendar(interview, viewer=None))
    assert first["UID"] == again["UID"] and first["UID"].endswith("@care-academy-portal")
    assert int(first["SEQUENCE"]) == 0
    moved = interview_changes.interview_move(
        interview=interview, by=staff, reason="The manager is away.",
        starts_at=datetime.datetime(2027, 3, 30, 14, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2027, 3, 30, 14, 30, tzinfo=LONDON))
    _, old = _event(interview_calendar(interview, viewer=None))
    _, new = _event(interview_calendar(moved, viewer=None))
    assert old["UID"] == new["UID"] == first["UID"]
    assert str(old["STATUS"]) == "CANCELLED" and str(new["STATUS"]) == "CONFIRMED"
    assert int(first["SEQUENCE"]) < int(old["SEQUENCE"]) < int(new["SEQUENCE"])
    assert new.decoded("DTSTART") == datetime.datetime(2027, 3, 30, 14, 0, tzinfo=LONDON)


def test_another_job_is_another_event(learner, interview, vacancy):
    other = booked_interview(application=interview.application, slot=InterviewSlotFactory(
        vacancy=VacancyFactory(site=vacancy.site)))
    assert _event(interview_calendar(other, viewer=None))[1]["UID"] != \
        _event(interview_calendar(interview, viewer=None))[1]["UID"]


def test_a_cancelled_interview_is_cancelled_in_the_calendar_with_the_reason(staff, interview):
    interview_changes.interview_cancel_by_staff(interview=interview, by=staff, reason="The home is closed.")
    _, event = _event(interview_calendar(interview, viewer=None))
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert "The home is closed." in str(event["DESCRIPTION"])


def test_the_learners_name_shows_only_where_the_provider_rule_allows(staff, learner, provider_user,
                                                                     other_provider_user, interview):
    name = learner.full_name

    def summary(viewer):
        _, event = _event(interview_calendar(interview, viewer=viewer))
        return f'{event["SUMMARY"]} {event["DESCRIPTION"]}'

    # a pending interview lets its provider see the name; staff of the learner's locality see it
    assert name in summary(provider_user) and name in summary(staff)
    # another provider, and the learner's own version, carry no name
    assert name not in summary(other_provider_user) and "a learner" in summary(other_provider_user)
    assert name not in summary(None) and name not in summary(learner.user)
    # once the learner withdraws consent to share, the provider sees "a learner"
    consent = consent_give(learner=learner, by=learner.user)
    assert name in summary(provider_user)
    consent_withdraw(consent=consent, by=learner.user)
    assert name not in summary(provider_user) and "a learner" in summary(provider_user)


def test_the_name_goes_once_the_interview_ends_without_an_offer(provider_user, learner, interview):
    Interview.objects.filter(pk=interview.pk).update(outcome=Interview.Outcome.NO_OFFER, outcome_reason="Not yet.")
    _, event = _event(interview_calendar(interview, viewer=provider_user))
    assert learner.full_name not in str(event["SUMMARY"]) and "a learner" in str(event["SUMMARY"])


# --- who may download it -------------------------------------------------------------------------


def _download(client, interview):
    return client.get(reverse("placements:interview_calendar", args=[interview.pk]))


@pytest.mark.parametrize("who, status", [
    ("learner", 200), ("staff", 200), ("provider_user", 200),
    ("other_learner", 404), ("other_locality_staff", 404), ("other_provider_user", 404), ("partner", 403),
])
def test_who_may_download_the_interview_calendar(request, client_for, interview, who, status):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    response = _download(client_for(user), interview)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        _event(response.content)
        assert AuditEvent.objects.filter(action="interview.calendar", actor=user).exists()


def test_someone_signed_out_is_sent_to_sign_in(client, interview):
    response = _download(client, interview)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_learner_home_and_the_interview_list_link_to_the_calendar(client_for, learner, staff, provider_user,
                                                                      interview):
    link = reverse("placements:interview_calendar", args=[interview.pk])
    assert link in client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert link in client_for(learner.user).get(reverse("placements:my")).content.decode()
    assert link in client_for(staff).get(reverse("placements:interviews")).content.decode()
    assert link in client_for(provider_user).get(reverse("placements:interviews")).content.decode()


def test_the_learners_interview_emails_carry_the_calendar_entry(staff, learner, interview,
                                                               django_capture_on_commit_callbacks):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = interview_changes.interview_move(
            interview=interview, by=staff, reason="The manager is away.",
            starts_at=datetime.datetime(2027, 3, 30, 14, 0, tzinfo=LONDON),
            ends_at=datetime.datetime(2027, 3, 30, 14, 30, tzinfo=LONDON))
    with django_capture_on_commit_callbacks(execute=True):
        interview_changes.interview_cancel_by_staff(interview=moved, by=staff, reason="The job has gone.")
    entries = []
    for message in mail.outbox:
        [(name, content, mimetype)] = message.attachments
        assert name.endswith(".ics") and mimetype.startswith("text/calendar")
        entries.append(_event(content.encode() if isinstance(content, str) else content)[1])
    moved_entry, cancelled_entry = entries
    assert moved_entry["UID"] == cancelled_entry["UID"] == _event(interview_calendar(interview))[1]["UID"]
    assert str(moved_entry["STATUS"]) == "CONFIRMED" and str(cancelled_entry["STATUS"]) == "CANCELLED"
    assert int(moved_entry["SEQUENCE"]) < int(cancelled_entry["SEQUENCE"])
    assert learner.full_name not in str(moved_entry["SUMMARY"])

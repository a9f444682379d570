"""Sessions, attendance per session, attendance rate per learner and bursary eligibility."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Attendance
from courses.selectors import attendance_summaries
from learners.models import Stage
from tests.factories import ApplicationFactory, CohortFactory, CohortSessionFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def running(locality):
    """A cohort that started ten days ago, with two enrolled learners and ten past sessions."""
    cohort = CohortFactory(locality=locality, start_date=TODAY() - datetime.timedelta(days=10))
    apps = [ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.ENROLLED) for _ in range(2)]
    sessions = [CohortSessionFactory(cohort=cohort, date=cohort.start_date + datetime.timedelta(days=i))
                for i in range(10)]
    return cohort, apps, sessions


def _attend(sessions, application, present, staff):
    for i, session in enumerate(sessions):
        status = Attendance.Status.PRESENT if i < present else Attendance.Status.ABSENT
        services.attendance_record(session=session, by=staff, statuses={application: status})


def test_the_rate_counts_present_and_late_as_attended(running, staff):
    cohort, (a, _), sessions = running
    services.attendance_record(session=sessions[0], by=staff, statuses={a: "present"})
    services.attendance_record(session=sessions[1], by=staff, statuses={a: "late"})
    services.attendance_record(session=sessions[2], by=staff, statuses={a: "authorised"})
    services.attendance_record(session=sessions[3], by=staff, statuses={a: "absent"})
    summary = attendance_summaries(application_ids=[a.pk])[a.pk]
    assert (summary.attended, summary.recorded, summary.rate) == (2, 4, 50.0)


def test_bursary_at_90_percent_by_default(running, staff):
    cohort, (nine, eight), sessions = running
    _attend(sessions, nine, 9, staff)
    _attend(sessions, eight, 8, staff)
    summaries = attendance_summaries(application_ids=[nine.pk, eight.pk])
    assert summaries[nine.pk].rate == 90.0 and summaries[nine.pk].bursary_eligible
    assert summaries[eight.pk].rate == 80.0 and not summaries[eight.pk].bursary_eligible


def test_the_bursary_threshold_is_configurable(running, staff, settings):
    settings.ACADEMY_BURSARY_ATTENDANCE_THRESHOLD = 75
    cohort, (_, eight), sessions = running
    _attend(sessions, eight, 8, staff)
    assert attendance_summaries(application_ids=[eight.pk])[eight.pk].bursary_eligible


def test_nobody_is_eligible_before_any_attendance_is_recorded(running):
    cohort, (a, _), _ = running
    summary = attendance_summaries(application_ids=[a.pk])[a.pk]
    assert summary.rate is None and not summary.bursary_eligible


def test_recording_again_replaces_the_status(running, staff):
    cohort, (a, _), sessions = running
    services.attendance_record(session=sessions[0], by=staff, statuses={a: "absent"})
    services.attendance_record(session=sessions[0], by=staff, statuses={a: "late"})
    assert Attendance.objects.get(session=sessions[0], application=a).status == "late"


def test_attendance_for_a_future_session_is_refused(running, staff):
    cohort, (a, _), _ = running
    future = CohortSessionFactory(cohort=cohort, date=TODAY() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError, match="taken place"):
        services.attendance_record(session=future, by=staff, statuses={a: "present"})


def test_attendance_only_for_learners_enrolled_on_that_cohort(running, staff, locality):
    cohort, _, sessions = running
    applied = ApplicationFactory(cohort=cohort, learner__locality=locality)
    elsewhere = ApplicationFactory(learner__locality=locality, stage=Stage.ENROLLED)
    for application in (applied, elsewhere):
        with pytest.raises(ValidationError, match="enrolled on this cohort"):
            services.attendance_record(session=sessions[0], by=staff, statuses={application: "present"})
    assert not Attendance.objects.exists()


def test_a_session_must_fall_within_the_cohort_dates(running, staff):
    cohort, _, _ = running
    with pytest.raises(ValidationError, match="cohort's dates"):
        services.session_create(cohort=cohort, by=staff, date=cohort.end_date + datetime.timedelta(days=1),
                                title="Extra")


def test_staff_record_attendance_on_the_register_page(client_for, staff, running):
    cohort, (a, b), sessions = running
    url = reverse("courses:attendance", args=[sessions[0].pk])
    response = client_for(staff).post(url, {f"a{a.pk}": "present", f"a{b.pk}": "absent"})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("application_id", "status")) == {a.pk: "present", b.pk: "absent"}
    body = client_for(staff).get(reverse("courses:cohort_detail", args=[cohort.pk])).content.decode()
    assert '<td data-testid="rate">100.0%</td>' in body and '<td data-testid="rate">0.0%</td>' in body


def test_staff_add_a_session_on_the_page_and_bad_dates_are_explained(client_for, staff, running):
    cohort, _, _ = running
    client = client_for(staff)
    response = client.post(reverse("courses:session_create", args=[cohort.pk]),
                           {"date": "2001-01-01", "title": "Safeguarding adults"})
    assert response.status_code == 400
    assert "the cohort&#x27;s dates" in response.content.decode() or "the cohort's dates" in response.content.decode()
    assert 'value="Safeguarding adults"' in response.content.decode()
    client.post(reverse("courses:session_create", args=[cohort.pk]),
                {"date": TODAY().isoformat(), "title": "Safeguarding adults"})
    assert cohort.sessions.filter(title="Safeguarding adults").exists()


def test_other_locality_staff_cannot_record_attendance(client_for, other_locality_staff, running):
    cohort, (a, _), sessions = running
    response = client_for(other_locality_staff).post(reverse("courses:attendance", args=[sessions[0].pk]),
                                                     {f"a{a.pk}": "present"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_providers_and_partners_cannot_record_attendance(client_for, request, persona, running):
    _, _, sessions = running
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("courses:attendance", args=[sessions[0].pk])).status_code == 403


def test_the_register_query_count_is_constant(client_for, staff, running, django_assert_max_num_queries, locality):
    cohort, apps, sessions = running
    client = client_for(staff)
    url = reverse("courses:cohort_detail", args=[cohort.pk])
    with django_assert_max_num_queries(15) as before:
        client.get(url)
    for _ in range(4):
        application = ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.ENROLLED)
        _attend(sessions, application, 7, staff)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)

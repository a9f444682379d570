"""The cohort board: every learner's stage at a glance, filters, constant queries."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from learners.models import Stage
from learners.services.consent import consent_give
from tests.factories import ApplicationFactory, DbsCheckFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def _fill(cohort, n):
    apps = []
    for i in range(n):
        stage = [Stage.APPLIED, Stage.ACCEPTED, Stage.ENROLLED, Stage.COMPLETED][i % 4]
        application = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=stage)
        DbsCheckFactory(learner=application.learner)
        ReferenceFactory(learner=application.learner)
        if i % 2:
            consent_give(learner=application.learner, by=None)
        apps.append(application)
    return apps


def test_the_board_shows_each_learner_and_their_stage(client_for, staff, cohort):
    apps = _fill(cohort, 4)
    body = client_for(staff).get(reverse("learners:cohort_board", args=[cohort.pk])).content.decode()
    for application in apps:
        assert escape(application.learner.full_name) in body
    assert body.count('data-testid="board-row"') == 4
    assert "Enrolled" in body and "Completed the course" in body


def test_the_board_filters_by_stage(client_for, staff, cohort):
    apps = _fill(cohort, 4)
    body = client_for(staff).get(reverse("learners:cohort_board", args=[cohort.pk]), {"stage": "enrolled"}).content.decode()
    assert body.count('data-testid="board-row"') == 1
    assert escape(apps[2].learner.full_name) in body


def test_the_board_filters_by_no_consent(client_for, staff, cohort):
    _fill(cohort, 4)
    body = client_for(staff).get(reverse("learners:cohort_board", args=[cohort.pk]), {"flag": "no_consent"}).content.decode()
    assert body.count('data-testid="board-row"') == 2


def test_an_unknown_filter_is_ignored(client_for, staff, cohort):
    _fill(cohort, 2)
    response = client_for(staff).get(reverse("learners:cohort_board", args=[cohort.pk]),
                                     {"stage": "bogus", "flag": "bogus"})
    assert response.content.decode().count('data-testid="board-row"') == 2


def test_the_board_query_count_does_not_grow_with_learners(client_for, staff, cohort,
                                                           django_assert_max_num_queries):
    client = client_for(staff)
    _fill(cohort, 3)
    url = reverse("learners:cohort_board", args=[cohort.pk])
    client.get(url)
    with django_assert_max_num_queries(16) as small:
        client.get(url)
    _fill(cohort, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="board-row"') == 15


def test_other_locality_staff_get_404_on_the_board(client_for, other_locality_staff, cohort):
    assert client_for(other_locality_staff).get(reverse("learners:cohort_board", args=[cohort.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_providers_and_partners_cannot_open_the_board(client_for, request, persona, cohort):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("learners:cohort_board", args=[cohort.pk])).status_code == 403


def test_learners_cannot_open_the_board(client_for, learner, cohort):
    assert client_for(learner.user).get(reverse("learners:cohort_board", args=[cohort.pk])).status_code == 403


def test_anonymous_is_sent_to_login_from_the_board(client, cohort):
    assert client.get(reverse("learners:cohort_board", args=[cohort.pk])).status_code == 302


def test_the_board_shows_each_learners_attendance_rate(client_for, staff, cohort):
    from courses.models import Attendance
    from tests.factories import AttendanceFactory, CohortSessionFactory

    attending, absent, unrecorded = _fill(cohort, 3)
    sessions = [CohortSessionFactory(cohort=cohort) for _ in range(4)]
    for session, status in zip(sessions, ["present", "late", "present", "absent"], strict=True):
        AttendanceFactory(session=session, application=attending, status=status)
    AttendanceFactory(session=sessions[0], application=absent, status=Attendance.Status.ABSENT)
    response = client_for(staff).get(reverse("learners:cohort_board", args=[cohort.pk]))
    rates = {row.application.pk: row.attendance.rate for row in response.context["rows"]}
    assert rates == {attending.pk: 75.0, absent.pk: 0.0, unrecorded.pk: None}

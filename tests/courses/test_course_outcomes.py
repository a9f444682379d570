"""Course outcomes: completing a course is a fact apart from the job outcome, recorded by staff.

Closing a cohort is one transaction; dates before the cohort started or in the future are refused; a learner
who picks up a later cohort keeps their application, the two places linked; completion opens the end-of-course
resilience check and the learner's course rating.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import outcomes
from courses.models import Attendance, CourseOutcome
from impact.selectors.surveys import surveys_due
from impact.services.surveys import learner_satisfaction_refusal, resilience_check_refusal
from learners.models import Application, Stage, StageTransition
from tests.factories import CohortFactory, CohortSessionFactory, LearnerFactory, UserFactory
from tests.factories.impact import application_at

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
Result = CourseOutcome.Result
Reason = CourseOutcome.Reason


@pytest.fixture
def ended(locality):
    """A six-week cohort that ended yesterday."""
    start = TODAY() - datetime.timedelta(weeks=6, days=1)
    return CohortFactory(locality=locality, name="Talent for Care March", start_date=start,
                         end_date=TODAY() - datetime.timedelta(days=1))


def on_course(cohort, stage=Stage.ENROLLED, **kwargs):
    learner = LearnerFactory(locality=cohort.locality)
    at = timezone.make_aware(datetime.datetime.combine(cohort.start_date, datetime.time(9))) - datetime.timedelta(days=30)
    return application_at(stage, cohort=cohort, learner=learner, at=at, days_per_step=1, **kwargs)


def test_completing_moves_an_enrolled_learner_to_completed_and_keeps_the_date(ended, staff):
    application = on_course(ended)
    outcome = outcomes.course_outcome_record(application=application, by=staff, result=Result.COMPLETED,
                                             on=ended.end_date)
    application.refresh_from_db()
    assert application.stage == Stage.COMPLETED
    assert outcome.on == ended.end_date and outcome.recorded_by == staff
    moved = StageTransition.objects.get(application=application, to_stage=Stage.COMPLETED)
    assert timezone.localdate(moved.at) == ended.end_date


def test_completion_is_recorded_beside_an_offer_without_hiding_it(ended, staff):
    """Interviews and offers may come before completion: the job stage stays, the completion is still a fact."""
    path = [Stage.ACCEPTED, Stage.ENROLLED, Stage.INTERVIEWED, Stage.OFFERED]
    application = on_course(ended, stage=Stage.OFFERED, path=path)
    outcomes.course_outcome_record(application=application, by=staff, result=Result.COMPLETED, on=ended.end_date)
    application.refresh_from_db()
    assert application.stage == Stage.OFFERED
    assert CourseOutcome.objects.filter(application=application, result=Result.COMPLETED).exists()


def test_a_completion_date_before_the_cohort_started_is_refused_and_nothing_saved(ended, staff):
    application = on_course(ended)
    with pytest.raises(ValidationError, match="cannot be before Talent for Care March started"):
        outcomes.course_outcome_record(application=application, by=staff, result=Result.COMPLETED,
                                       on=ended.start_date - datetime.timedelta(days=1))
    assert not CourseOutcome.objects.exists()
    application.refresh_from_db()
    assert application.stage == Stage.ENROLLED


def test_a_completion_date_in_the_future_is_refused(ended, staff):
    application = on_course(ended)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        outcomes.course_outcome_record(application=application, by=staff, result=Result.COMPLETED,
                                       on=TODAY() + datetime.timedelta(days=1))
    assert not CourseOutcome.objects.exists()


def test_not_completing_needs_a_reason(ended, staff):
    application = on_course(ended)
    with pytest.raises(ValidationError, match="Choose why"):
        outcomes.course_outcome_record(application=application, by=staff, result=Result.NOT_COMPLETED,
                                       on=ended.end_date)


def test_a_second_outcome_on_the_same_cohort_is_refused(ended, staff):
    application = on_course(ended)
    outcomes.course_outcome_record(application=application, by=staff, result=Result.NOT_COMPLETED,
                                   reason=Reason.HEALTH_OR_CARING, on=ended.end_date)
    with pytest.raises(ValidationError, match="already recorded"):
        outcomes.course_outcome_record(application=application, by=staff, result=Result.COMPLETED, on=ended.end_date)


def test_someone_never_enrolled_has_no_course_outcome(ended, staff):
    application = on_course(ended, stage=Stage.ACCEPTED)
    with pytest.raises(ValidationError, match="never enrolled"):
        outcomes.course_outcome_record(application=application, by=staff, result=Result.COMPLETED, on=ended.end_date)


def test_closing_a_cohort_saves_every_outcome_together(ended, staff):
    a, b, c = on_course(ended), on_course(ended), on_course(ended, stage=Stage.PLACED)
    saved = outcomes.cohort_close(cohort=ended, by=staff, decisions=[
        {"application": a, "result": Result.COMPLETED, "on": ended.end_date},
        {"application": b, "result": Result.NOT_COMPLETED, "reason": Reason.FOUND_WORK, "on": ended.end_date},
        {"application": c, "result": Result.COMPLETED, "on": ended.end_date},
    ])
    assert len(saved) == 3
    assert {o.application_id: (o.result, o.reason) for o in CourseOutcome.objects.all()} == {
        a.pk: (Result.COMPLETED, ""), b.pk: (Result.NOT_COMPLETED, Reason.FOUND_WORK), c.pk: (Result.COMPLETED, "")}


def test_closing_a_cohort_saves_none_when_one_outcome_is_refused(ended, staff):
    a, b = on_course(ended), on_course(ended)
    with pytest.raises(ValidationError, match=b.learner.full_name):
        outcomes.cohort_close(cohort=ended, by=staff, decisions=[
            {"application": a, "result": Result.COMPLETED, "on": ended.end_date},
            {"application": b, "result": Result.COMPLETED, "on": TODAY() + datetime.timedelta(days=3)},
        ])
    assert not CourseOutcome.objects.exists()
    a.refresh_from_db()
    assert a.stage == Stage.ENROLLED
    assert not StageTransition.objects.filter(to_stage=Stage.COMPLETED).exists()


def test_a_learner_who_comes_back_a_month_later_moves_with_the_same_application(ended, staff):
    later = CohortFactory(locality=ended.locality, name="Talent for Care May",
                          start_date=TODAY() + datetime.timedelta(days=30))
    application = on_course(ended)
    applications_before = Application.objects.count()
    outcome = outcomes.cohort_move(application=application, to_cohort=later, by=staff,
                                   on=ended.start_date + datetime.timedelta(days=10))
    application.refresh_from_db()
    assert application.cohort == later and application.stage == Stage.ENROLLED
    assert Application.objects.count() == applications_before  # not a fresh application
    assert (outcome.cohort, outcome.reason, outcome.moved_to) == (ended, Reason.MOVED_COHORT, later)
    # On the later cohort they complete in their turn: one outcome per cohort, both kept.
    assert [row.application for row in outcomes.cohort_closing_rows(cohort=later)] == [application]
    assert [row.outcome for row in outcomes.cohort_closing_rows(cohort=ended)] == [outcome]


def test_a_move_must_be_to_a_later_cohort(ended, staff):
    earlier = CohortFactory(locality=ended.locality, start_date=ended.start_date - datetime.timedelta(days=60))
    application = on_course(ended)
    with pytest.raises(ValidationError, match="only move to a later cohort"):
        outcomes.cohort_move(application=application, to_cohort=earlier, by=staff, on=ended.end_date)
    application.refresh_from_db()
    assert application.cohort == ended


def test_the_board_shows_attendance_on_this_cohort_beside_each_learner(ended, staff):
    a, b = on_course(ended), on_course(ended)
    sessions = [CohortSessionFactory(cohort=ended, date=ended.start_date + datetime.timedelta(days=i))
                for i in range(4)]
    for i, session in enumerate(sessions):
        Attendance.objects.create(session=session, application=a, status="present")
        Attendance.objects.create(session=session, application=b, status="present" if i == 0 else "absent")
    rows = {row.application.pk: row for row in outcomes.cohort_closing_rows(cohort=ended)}
    assert (rows[a.pk].rate, rows[a.pk].below_threshold) == (100.0, False)
    assert (rows[b.pk].rate, rows[b.pk].below_threshold) == (25.0, True)


def test_completion_opens_the_end_of_course_check_and_the_rating(ended, staff):
    path = [Stage.ACCEPTED, Stage.ENROLLED, Stage.INTERVIEWED]
    application = on_course(ended, stage=Stage.INTERVIEWED, path=path)
    assert "opens when the course is completed" in resilience_check_refusal(application=application, moment="end")
    assert learner_satisfaction_refusal(application=application)
    outcomes.course_outcome_record(application=application, by=staff, result=Result.COMPLETED, on=ended.end_date)
    application = Application.objects.get(pk=application.pk)
    assert resilience_check_refusal(application=application, moment="end") == ""
    assert learner_satisfaction_refusal(application=application) == ""
    learner_due = {d.kind for d in surveys_due(learner=application.learner)}
    staff_due = [d for d in surveys_due(learner=application.learner, for_staff=True) if d.moment == "end"]
    assert {"resilience", "satisfaction"} <= learner_due
    assert staff_due and staff_due[0].url == reverse("impact:staff_resilience", args=[application.pk, "end"])


# --- pages --------------------------------------------------------------------------------------


def test_staff_close_a_cohort_from_its_board(ended, staff, client_for):
    a, b = on_course(ended), on_course(ended)
    client = client_for(staff)
    page = client.get(reverse("courses:cohort_close", args=[ended.pk]))
    assert page.status_code == 200 and a.learner.full_name in page.content.decode()
    response = client.post(reverse("courses:cohort_close", args=[ended.pk]), {
        f"result_{a.pk}": "completed", f"on_{a.pk}": ended.end_date.isoformat(),
        f"result_{b.pk}": "not_completed", f"reason_{b.pk}": "withdrew", f"on_{b.pk}": ended.end_date.isoformat(),
    })
    assert response.status_code == 302
    assert CourseOutcome.objects.filter(cohort=ended).count() == 2


def test_a_refused_close_saves_nothing_and_keeps_what_was_typed(ended, staff, client_for):
    a, b = on_course(ended), on_course(ended)
    future = (TODAY() + datetime.timedelta(days=2)).isoformat()
    response = client_for(staff).post(reverse("courses:cohort_close", args=[ended.pk]), {
        f"result_{a.pk}": "completed", f"on_{a.pk}": ended.end_date.isoformat(),
        f"result_{b.pk}": "completed", f"on_{b.pk}": future,
    })
    assert response.status_code == 400
    body = response.content.decode()
    assert "cannot be in the future" in body and future in body
    assert not CourseOutcome.objects.exists()


def test_one_learner_is_marked_on_their_own(ended, staff, client_for):
    application = on_course(ended)
    response = client_for(staff).post(reverse("courses:course_outcome", args=[application.pk]), {
        "result": "not_completed", "reason": "health_or_caring", "on": ended.end_date.isoformat()})
    assert response.status_code == 302
    assert CourseOutcome.objects.get().reason == Reason.HEALTH_OR_CARING


@pytest.mark.parametrize("who", ["other_locality_staff", "provider_user", "learner", "partner"])
def test_other_roles_and_other_localities_cannot_close_or_mark(who, ended, client_for, request):
    application = on_course(ended)
    user = request.getfixturevalue(who)
    client = client_for(getattr(user, "user", user))  # the learner fixture is a Learner: sign in as its account
    close = client.post(reverse("courses:cohort_close", args=[ended.pk]),
                        {f"result_{application.pk}": "completed", f"on_{application.pk}": ended.end_date.isoformat()})
    mark = client.post(reverse("courses:course_outcome", args=[application.pk]),
                       {"result": "completed", "on": ended.end_date.isoformat()})
    assert close.status_code in (403, 404) and mark.status_code in (403, 404)
    assert not CourseOutcome.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(ended, client):
    response = client.get(reverse("courses:cohort_close", args=[ended.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_with_no_localities_work_across_the_region(ended):
    regional = UserFactory(staff=True, email="regional@example.test")
    application = on_course(ended)
    outcomes.course_outcome_record(application=application, by=regional, result=Result.COMPLETED, on=ended.end_date)
    assert CourseOutcome.objects.get().recorded_by == regional

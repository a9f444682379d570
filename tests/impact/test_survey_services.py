"""The rules of the survey services: when each survey opens, once only, plain refusals, audit without answers."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.dates import add_months
from academy.models import AuditEvent
from impact.models import ProgrammeEvidence, RetentionFollowUp, SatisfactionSurvey, WellbeingSurvey
from impact.selectors.surveys import cohorts_worked_with, job_started_on, surveys_due
from impact.services import surveys as survey_services
from impact.services.surveys import (
    evidence_review_record,
    follow_up_record,
    learner_satisfaction_give,
    provider_satisfaction_give,
    resilience_check_record,
)
from learners.models import Stage
from learners.services.applications import application_transition
from placements.models import JobStart
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    ProgrammeFactory,
    RingFenceFactory,
    VacancyFactory,
)
from tests.factories.impact import application_at
from tests.factories.personnel import accepted_offer, interview_for, placement_for

pytestmark = pytest.mark.django_db

ANSWERS = [4, 2, 4, 2, 4, 2]  # score 4+4+4+4+4+4 = 24


def started_days_ago(days: int, *, learner=None):
    """An application that moved to 'started work' `days` days ago (every earlier step a day apart)."""
    at = timezone.now() - datetime.timedelta(days=days + 6)
    return application_at(Stage.STARTED_WORK, learner=learner, at=at, days_per_step=[1, 1, 1, 1, 1, 1, 1])


# --- The resilience check ------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [Stage.APPLIED, Stage.ACCEPTED, Stage.REFERRED, Stage.NOT_PROGRESSED])
def test_the_start_check_is_refused_before_enrolment(stage, staff):
    with pytest.raises(ValidationError, match="opens at enrolment"):
        resilience_check_record(application=application_at(stage), moment="start", answers=ANSWERS, by=staff)
    assert not WellbeingSurvey.objects.exists()


@pytest.mark.parametrize("stage", [Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.STARTED_WORK])
def test_the_start_check_opens_at_enrolment_and_stays_open(stage, learner):
    survey = resilience_check_record(application=application_at(stage), moment="start", answers=ANSWERS,
                                     by=learner.user)
    assert survey.score == 24 and survey.taken_on == timezone.localdate() and survey.recorded_by == learner.user


@pytest.mark.parametrize("stage", [Stage.ENROLLED, Stage.PLACED])
def test_the_end_check_is_refused_before_the_course_is_completed(stage, staff):
    with pytest.raises(ValidationError, match="when the course is completed"):
        resilience_check_record(application=application_at(stage), moment="end", answers=ANSWERS, by=staff)


def test_an_interview_straight_from_enrolment_does_not_open_the_end_check(staff):
    application = application_at(Stage.INTERVIEWED, path=[Stage.ACCEPTED, Stage.ENROLLED, Stage.INTERVIEWED])
    with pytest.raises(ValidationError, match="when the course is completed"):
        resilience_check_record(application=application, moment="end", answers=ANSWERS, by=staff)


@pytest.mark.parametrize("stage", [Stage.COMPLETED, Stage.INTERVIEWED, Stage.STARTED_WORK])
def test_the_end_check_opens_once_the_course_is_completed(stage, staff):
    survey = resilience_check_record(application=application_at(stage), moment="end", answers=ANSWERS, by=staff)
    assert survey.moment == "end"


def test_a_second_check_at_the_same_moment_is_refused_and_the_first_is_kept(staff):
    application = application_at(Stage.ENROLLED)
    first = resilience_check_record(application=application, moment="start", answers=ANSWERS, by=staff)
    with pytest.raises(ValidationError, match="already been recorded"):
        resilience_check_record(application=application, moment="start", answers=[1] * 6, by=staff)
    first.refresh_from_db()
    assert WellbeingSurvey.objects.count() == 1 and first.score == 24


def test_two_checks_arriving_at_once_give_a_message_not_an_error(staff):
    """The pre-check passes for both; the database's unique constraint stops the second."""
    application = application_at(Stage.ENROLLED)
    resilience_check_record(application=application, moment="start", answers=ANSWERS, by=staff)
    with mock.patch.object(survey_services, "resilience_check_refusal", return_value=""):
        with pytest.raises(ValidationError, match="already been recorded"):
            resilience_check_record(application=application, moment="start", answers=ANSWERS, by=staff)
    assert WellbeingSurvey.objects.count() == 1


@pytest.mark.parametrize("answers", [[3] * 5, [3] * 7, [0, 3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 6]])
def test_six_answers_from_1_to_5_are_needed(answers, staff):
    with pytest.raises(ValidationError, match="all six statements"):
        resilience_check_record(application=application_at(Stage.ENROLLED), moment="start", answers=answers, by=staff)
    assert not WellbeingSurvey.objects.exists()


def test_a_paper_check_keeps_its_date_and_cannot_be_dated_in_the_future(staff):
    application = application_at(Stage.ENROLLED)
    with pytest.raises(ValidationError, match="future"):
        resilience_check_record(application=application, moment="start", answers=ANSWERS, by=staff,
                                taken_on=timezone.localdate() + datetime.timedelta(days=1))
    paper_day = timezone.localdate() - datetime.timedelta(days=10)
    survey = resilience_check_record(application=application, moment="start", answers=ANSWERS, by=staff,
                                     taken_on=paper_day)
    assert survey.taken_on == paper_day and survey.recorded_by == staff


def test_the_audit_log_says_who_recorded_which_check_but_not_the_answers(staff):
    application = application_at(Stage.ENROLLED)
    survey = resilience_check_record(application=application, moment="start", answers=[5, 1, 5, 1, 5, 1], by=staff)
    event = AuditEvent.objects.get(action="impact.resilience_check_recorded")
    assert event.actor == staff and event.object_id == str(survey.pk) and event.learner_id == application.learner_id
    assert event.note == "moment=start"
    assert "30" not in event.note and "5" not in event.note


# --- Follow-ups after a job start -----------------------------------------------------------------------


def test_a_follow_up_needs_a_job_start(staff):
    with pytest.raises(ValidationError, match="started work"):
        follow_up_record(application=application_at(Stage.OFFERED), month=3, in_work=True, same_employer=True,
                         by=staff)


def test_a_follow_up_opens_on_the_day_its_months_have_passed_and_not_before(staff):
    application = started_days_ago(200)
    started = job_started_on(application)
    opens = add_months(started, 6)
    with pytest.raises(ValidationError, match=f"opens on {opens.day} {opens:%B %Y}"):
        follow_up_record(application=application, month=6, in_work=True, same_employer=True, by=staff,
                         today=opens - datetime.timedelta(days=1))
    assert follow_up_record(application=application, month=6, in_work=True, same_employer=True, by=staff,
                            today=opens).month == 6


def test_the_job_start_record_sets_the_date_when_there_is_one(learner, provider_user):
    application = application_at(Stage.OFFERED, learner=learner)
    offer = accepted_offer(application, provider_user.provider)
    started = timezone.localdate() - datetime.timedelta(days=40)
    JobStart.objects.create(offer=offer, application=application, learner=learner, provider=provider_user.provider,
                            vacancy=offer.interview.vacancy, offer_made_at=timezone.now(), started_on=started)
    assert job_started_on(application) == started
    with pytest.raises(ValidationError, match="opens on"):
        follow_up_record(application=application, month=3, in_work=True, same_employer=True, by=learner.user)


@pytest.mark.parametrize("month, closes_at_month", [(3, 6), (6, 12), (12, 15)])
def test_a_follow_up_closes_when_the_next_one_opens_and_the_last_three_months_after_it_opened(
        month, closes_at_month, staff):
    """A "3 months in" answer given a year in would make the retention figures wrong."""
    application = started_days_ago(600)
    closes = add_months(job_started_on(application), closes_at_month)
    with pytest.raises(ValidationError, match=f"closed on {closes.day} {closes:%B %Y}"):
        follow_up_record(application=application, month=month, in_work=True, same_employer=True, by=staff,
                         today=closes)
    assert not RetentionFollowUp.objects.exists()
    assert follow_up_record(application=application, month=month, in_work=True, same_employer=True, by=staff,
                            today=closes - datetime.timedelta(days=1)).month == month


def test_the_learner_is_only_asked_for_the_follow_up_that_is_open(learner):
    started_days_ago(200, learner=learner)  # past 6 months, before 12: the 3-month one has closed
    assert [s.month for s in surveys_due(learner=learner) if s.kind == "follow_up"] == [6]


@pytest.mark.parametrize("month", [1, 4, 9, 24])
def test_only_3_6_and_12_month_follow_ups_exist(month, staff):
    with pytest.raises(ValidationError, match="3, 6 and 12"):
        follow_up_record(application=started_days_ago(800), month=month, in_work=True, same_employer=True, by=staff)


def test_each_follow_up_is_answered_once(learner):
    application = started_days_ago(100, learner=learner)
    follow_up_record(application=application, month=3, in_work=True, same_employer=True, by=learner.user)
    with pytest.raises(ValidationError, match="3-month follow-up has already been recorded"):
        follow_up_record(application=application, month=3, in_work=False, same_employer=False, by=learner.user)
    assert RetentionFollowUp.objects.get().in_work is True


def test_two_follow_ups_arriving_at_once_give_a_message_not_an_error(staff):
    application = started_days_ago(100)
    follow_up_record(application=application, month=3, in_work=True, same_employer=True, by=staff)
    with mock.patch.object(survey_services, "follow_up_refusal", return_value=""):
        with pytest.raises(ValidationError, match="already been recorded"):
            follow_up_record(application=application, month=3, in_work=True, same_employer=True, by=staff)
    assert RetentionFollowUp.objects.count() == 1


def test_not_in_work_but_with_the_same_employer_is_refused_on_that_question(learner):
    application = started_days_ago(100, learner=learner)
    with pytest.raises(ValidationError, match="cannot be with the same employer") as refused:
        follow_up_record(application=application, month=3, in_work=False, same_employer=True, by=learner.user)
    assert "same employer" in refused.value.message_dict["same_employer"][0]
    assert not RetentionFollowUp.objects.exists()


def test_a_phone_follow_up_is_recorded_by_the_staff_member_and_audited_without_answers(staff):
    application = started_days_ago(100)
    follow_up = follow_up_record(application=application, month=3, in_work=False, same_employer=False, by=staff)
    assert follow_up.recorded_by == staff
    event = AuditEvent.objects.get(action="impact.follow_up_recorded")
    assert event.actor == staff and event.note == "month=3" and event.learner_id == application.learner_id


# --- Satisfaction -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [Stage.APPLIED, Stage.ENROLLED, Stage.PLACED])
def test_a_learner_rates_the_course_only_once_it_is_completed(stage, learner):
    with pytest.raises(ValidationError, match="once you have completed it"):
        learner_satisfaction_give(application=application_at(stage), score=4, by=learner.user)


def test_a_learner_rates_each_course_once(learner):
    application = application_at(Stage.COMPLETED, learner=learner)
    survey = learner_satisfaction_give(application=application, score=5, comment="  Great tutors. ", by=learner.user)
    assert survey.respondent == "learner" and survey.cohort == application.cohort and survey.comment == "Great tutors."
    with pytest.raises(ValidationError, match="already told us"):
        learner_satisfaction_give(application=application, score=1, by=learner.user)
    assert SatisfactionSurvey.objects.get().score == 5


def test_the_database_keeps_one_learner_rating_per_course_even_without_the_precheck(learner):
    application = application_at(Stage.COMPLETED, learner=learner)
    learner_satisfaction_give(application=application, score=5, by=learner.user)
    with mock.patch.object(survey_services, "learner_satisfaction_refusal", return_value=""):
        with pytest.raises(ValidationError, match="already told us"):
            learner_satisfaction_give(application=application, score=3, by=learner.user)
    assert SatisfactionSurvey.objects.count() == 1


@pytest.mark.parametrize("score", [0, 6])
def test_satisfaction_is_from_1_to_5(score, learner):
    with pytest.raises(ValidationError, match="1 to 5"):
        learner_satisfaction_give(application=application_at(Stage.COMPLETED), score=score, by=learner.user)


def test_provider_may_only_name_a_cohort_it_worked_with(provider_user, other_provider_user):
    provider = provider_user.provider
    placed, interviewed, fenced, elsewhere = (CohortFactory() for _ in range(4))
    placement_for(ApplicationFactory(cohort=placed, stage=Stage.PLACED), provider)
    interview_for(ApplicationFactory(cohort=interviewed, stage=Stage.COMPLETED), provider)
    RingFenceFactory(vacancy=VacancyFactory(provider=provider), cohort=fenced)
    placement_for(ApplicationFactory(cohort=elsewhere, stage=Stage.PLACED), other_provider_user.provider)
    assert set(cohorts_worked_with(provider=provider)) == {placed, interviewed, fenced}
    with pytest.raises(ValidationError, match="Choose a cohort your organisation has worked with") as refused:
        provider_satisfaction_give(provider=provider, score=4, cohort=elsewhere, by=provider_user)
    assert "worked with" in refused.value.message_dict["cohort"][0]
    for cohort in (placed, interviewed, fenced):
        assert provider_satisfaction_give(provider=provider, score=4, cohort=cohort, by=provider_user).cohort == cohort


def test_a_provider_rates_a_cohort_once_but_may_give_general_feedback_again(provider_user):
    provider = provider_user.provider
    cohort = CohortFactory()
    RingFenceFactory(vacancy=VacancyFactory(provider=provider), cohort=cohort)
    provider_satisfaction_give(provider=provider, score=4, cohort=cohort, by=provider_user)
    with pytest.raises(ValidationError, match="already given feedback about this cohort"):
        provider_satisfaction_give(provider=provider, score=2, cohort=cohort, by=provider_user)
    provider_satisfaction_give(provider=provider, score=3, by=provider_user)
    provider_satisfaction_give(provider=provider, score=5, by=provider_user)
    assert SatisfactionSurvey.objects.filter(provider=provider).count() == 3
    event = AuditEvent.objects.filter(action="impact.satisfaction_given").first()
    assert event.actor == provider_user and event.note == "respondent=provider" and event.learner_id is None


# --- NESTA evidence reviews ---------------------------------------------------------------------------------


def test_an_evidence_review_is_recorded_by_staff_and_becomes_the_current_level(staff):
    programme = ProgrammeFactory()
    evidence_review_record(programme=programme, level=1, claim="Learners say it helped.", data_behind="Stories.",
                           by=staff, reviewed_at=timezone.localdate() - datetime.timedelta(days=300))
    review = evidence_review_record(programme=programme, level=2, claim="Resilience rises.",
                                    data_behind="Start and end checks.", by=staff)
    assert review.reviewed_by == staff and review.reviewed_at == timezone.localdate()
    assert ProgrammeEvidence.objects.filter(programme=programme).first() == review  # newest first
    assert AuditEvent.objects.filter(action="impact.evidence_reviewed", actor=staff).count() == 2


@pytest.mark.parametrize(("fields", "message"), [
    ({"level": 5}, "level from 1 to 4"),
    ({"claim": "   "}, "what the programme claims"),
    ({"data_behind": ""}, "what data backs"),
    ({"reviewed_at": datetime.date.today() + datetime.timedelta(days=2)}, "future"),
])
def test_a_bad_evidence_review_is_refused(fields, message, staff):
    values = {"level": 2, "claim": "A claim.", "data_behind": "Some data.", **fields}
    with pytest.raises(ValidationError, match=message):
        evidence_review_record(programme=ProgrammeFactory(), by=staff, **values)
    assert not ProgrammeEvidence.objects.exists()


# --- What is due ----------------------------------------------------------------------------------------------


def test_due_surveys_list_what_is_open_and_not_answered(learner):
    enrolled = application_at(Stage.ENROLLED, learner=learner)
    started = started_days_ago(100, learner=learner)  # the 3-month check-in is due, the 6-month one not yet
    withdrawn = application_at(Stage.ENROLLED, learner=learner)
    application_transition(application=withdrawn, to_stage=Stage.WITHDRAWN)
    due = {(d.kind, d.application.pk, d.moment, d.month) for d in surveys_due(learner=learner)}
    assert due == {
        ("resilience", enrolled.pk, "start", None),
        ("resilience", started.pk, "start", None), ("resilience", started.pk, "end", None),
        ("follow_up", started.pk, "", 3),
        ("satisfaction", started.pk, "", None),
    }
    resilience_check_record(application=started, moment="start", answers=ANSWERS, by=learner.user)
    follow_up_record(application=started, month=3, in_work=True, same_employer=True, by=learner.user)
    staff_due = {(d.kind, d.application.pk, d.moment, d.month) for d in surveys_due(learner=learner, for_staff=True)}
    # Staff do not record satisfaction: it is the learner's own voice.
    assert staff_due == {("resilience", enrolled.pk, "start", None), ("resilience", started.pk, "end", None)}

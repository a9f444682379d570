"""application_create / application_transition: the one place a stage changes."""

import pytest
from django.core.exceptions import ValidationError

from learners.models import Application, Stage, StageTransition
from learners.services.applications import (
    DuplicateApplication,
    TransitionNotAllowed,
    application_create,
    application_transition,
)
from learners.services.screening import screening_decide
from tests.factories import ApplicationFactory, CohortFactory

from .conftest import enrol, screen


def test_a_new_application_starts_at_applied_and_logs_its_first_step(learner, cohort, staff):
    application = application_create(learner=learner, cohort=cohort, by=staff)
    assert application.stage == Stage.APPLIED
    step = StageTransition.objects.get(application=application)
    assert (step.from_stage, step.to_stage, step.by) == ("", Stage.APPLIED, staff)


def test_applying_twice_to_the_same_cohort_is_refused_with_a_clear_message(application):
    with pytest.raises(DuplicateApplication) as exc:
        application_create(learner=application.learner, cohort=application.cohort)
    assert "already applied" in exc.value.messages[0]
    assert Application.objects.filter(learner=application.learner).count() == 1


def test_enrolling_before_screening_is_refused(application, staff):
    with pytest.raises(TransitionNotAllowed) as exc:
        application_transition(application=application, to_stage=Stage.ENROLLED, by=staff)
    assert "cannot move from" in exc.value.messages[0]
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    assert application.transitions.count() == 1


def test_each_move_records_who_and_when(application, staff, values):
    enrol(application, staff, values)
    steps = list(application.transitions.values_list("from_stage", "to_stage", "by"))
    assert steps == [("", "applied", None), ("applied", "accepted", staff.pk), ("accepted", "enrolled", staff.pk)]


def test_not_progressed_cannot_bypass_a_pending_screening(application, staff, values):
    screen(application, staff, values=values, scores=(3, 3, 3), literacy="entry_1")
    with pytest.raises(TransitionNotAllowed) as exc:
        application_transition(application=application, to_stage=Stage.NOT_PROGRESSED, by=staff)
    assert "because of values" in exc.value.messages[0]
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_other_helpers_can_walk_an_enrolled_application_to_started_work(staff):
    application = ApplicationFactory(stage=Stage.STARTED_WORK)
    assert application.stage == Stage.STARTED_WORK
    assert application.transitions.count() == 7


def test_a_reapplication_after_a_referral_is_linked_to_the_first_application(learner, cohort, staff, values):
    first = application_create(learner=learner, cohort=cohort)
    screening_decide(
        screening=screen(first, staff, values=values, literacy="entry_2"), outcome="referred", by=staff,
        college="Blackpool and The Fylde College",
    )
    later = CohortFactory(locality=cohort.locality)
    second = application_create(learner=learner, cohort=later)
    assert second.previous_application == first
    assert first.reapplication == second


def test_an_application_that_was_not_referred_is_not_linked(learner, cohort):
    application_create(learner=learner, cohort=cohort)
    second = application_create(learner=learner, cohort=CohortFactory(locality=cohort.locality))
    assert second.previous_application is None


def test_duplicate_error_is_a_validation_error_for_forms(application):
    with pytest.raises(ValidationError, match="has already applied for"):
        application_create(learner=application.learner, cohort=application.cohort)

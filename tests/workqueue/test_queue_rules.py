"""The work queue's selectors, asked directly, on the cases their queries could get wrong: which DBS check
is a learner's latest (a later one, or the same moment and a higher id), learners with two places or
none on a DBS programme, the cohort count of learners without an outcome, and follow-ups narrowed to
the staff member's learners."""

import datetime

import pytest
from django.utils import timezone

from courses.models import CourseOutcome
from courses.selectors_workqueue import cohorts_to_close
from impact.selectors.surveys import applications_with_follow_up_due
from impact.selectors.workqueue import follow_ups_due_for
from learners.models import DbsCheck, Learner, Stage
from learners.selectors_workqueue import learners_blocked_on_dbs
from tests.factories import ApplicationFactory, CohortFactory, LearnerFactory, ProgrammeFactory
from tests.factories.impact import application_at

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def check(learner, *, clears: bool, created_at) -> DbsCheck:
    """A DBS check made `created_at`: one that clears the learner (a clear certificate) or one still waiting."""
    fields = dict(status=DbsCheck.Status.CERTIFICATE_ISSUED, certificate_number="001234567890",
                  certificate_issued_on=created_at.date(), content=DbsCheck.Content.CLEAR) if clears else dict(
        status=DbsCheck.Status.SUBMITTED)
    made = DbsCheck.objects.create(learner=learner, level=DbsCheck.Level.ENHANCED_ADULTS, **fields)
    DbsCheck.objects.filter(pk=made.pk).update(created_at=created_at)  # created_at is set on save
    return made


def holding_a_place(locality=None, **learner_fields) -> Learner:
    learner = LearnerFactory(locality=locality, **learner_fields) if locality else LearnerFactory(**learner_fields)
    ApplicationFactory(learner=learner, stage=Stage.ENROLLED)
    return learner


def blocked(learners=None) -> list[Learner]:
    return list(learners_blocked_on_dbs(learners=learners if learners is not None else Learner.objects.all()))


def test_a_newer_check_that_clears_unblocks_and_a_newer_one_that_does_not_blocks_again():
    cleared_last = holding_a_place()
    check(cleared_last, clears=False, created_at=NOW - datetime.timedelta(days=30))
    check(cleared_last, clears=True, created_at=NOW - datetime.timedelta(days=1))
    renewing = holding_a_place()
    check(renewing, clears=True, created_at=NOW - datetime.timedelta(days=400))
    check(renewing, clears=False, created_at=NOW - datetime.timedelta(days=2))
    assert blocked() == [renewing]
    assert learners_blocked_on_dbs(learners=Learner.objects.all()).count() == 1


def test_two_checks_made_at_the_same_moment_are_decided_by_the_later_id():
    waiting_last = holding_a_place()
    check(waiting_last, clears=True, created_at=NOW)
    check(waiting_last, clears=False, created_at=NOW)
    clear_last = holding_a_place()
    check(clear_last, clears=False, created_at=NOW)
    check(clear_last, clears=True, created_at=NOW)
    assert blocked() == [waiting_last]


def test_a_learner_with_no_check_is_blocked_only_while_holding_a_place_on_a_programme_that_asks_for_dbs():
    no_check = holding_a_place(last_name="Abbot")
    on_cpd = LearnerFactory()
    ApplicationFactory(learner=on_cpd, cohort=CohortFactory(programme=ProgrammeFactory(cpd=True),
                                                            locality=on_cpd.locality), stage=Stage.ENROLLED)
    applied_only = LearnerFactory()
    ApplicationFactory(learner=applied_only)
    check(applied_only, clears=False, created_at=NOW)
    waiting_with_a_place = holding_a_place(last_name="Brown")
    check(waiting_with_a_place, clears=False, created_at=NOW)
    assert blocked() == [no_check, waiting_with_a_place]


def test_a_learner_with_two_places_is_listed_once_with_their_latest_cohort():
    learner = holding_a_place()
    later = ApplicationFactory(learner=learner, stage=Stage.ACCEPTED)
    later.submitted_at = timezone.now() + datetime.timedelta(days=1)
    later.save()
    [row] = blocked()
    assert (row, row.cohort_pk, row.cohort_name) == (learner, later.cohort_id, later.cohort.name)
    assert learners_blocked_on_dbs(learners=Learner.objects.all()).count() == 1


def test_only_the_given_learners_and_no_erased_learner_are_counted(locality, other_locality):
    mine = holding_a_place(locality)
    holding_a_place(other_locality)
    erased = holding_a_place(locality)
    Learner.objects.filter(pk=erased.pk).update(erased_at=NOW)
    assert blocked(Learner.objects.filter(locality=locality)) == [mine]


def enrolled_on(cohort, **learner_fields):
    return ApplicationFactory(learner=LearnerFactory(locality=cohort.locality, **learner_fields), cohort=cohort,
                              stage=Stage.ENROLLED)


def ended_cohort(locality=None):
    today = timezone.localdate()
    fields = {"locality": locality} if locality else {}
    return CohortFactory(start_date=today - datetime.timedelta(days=60), end_date=today - datetime.timedelta(days=1),
                         **fields)


def test_a_cohort_counts_its_enrolled_learners_without_an_outcome_on_it(locality):
    cohort = ended_cohort(locality)
    enrolled_on(cohort)
    enrolled_on(cohort)
    done = enrolled_on(cohort)
    CourseOutcome.objects.create(application=done, cohort=cohort, result="completed", on=cohort.end_date)
    # An outcome on another cohort is not one on this cohort.
    elsewhere = enrolled_on(cohort)
    CourseOutcome.objects.create(application=elsewhere, cohort=ended_cohort(), result="completed",
                                 on=cohort.end_date)
    enrolled_on(cohort, last_name="Leaver").learner.applications.update(stage=Stage.WITHDRAWN)
    ApplicationFactory(learner=LearnerFactory(locality=locality), cohort=cohort, stage=Stage.ACCEPTED)
    still_running = CohortFactory(locality=locality)
    enrolled_on(still_running)
    [row] = cohorts_to_close(learners=Learner.objects.all())
    assert (row, row.without_outcome) == (cohort, 3)
    assert cohorts_to_close(learners=Learner.objects.all()).count() == 1


def test_a_cohort_counts_only_the_given_learners(locality, other_locality):
    cohort = ended_cohort(locality)
    enrolled_on(cohort)
    other = ApplicationFactory(learner=LearnerFactory(locality=other_locality), cohort=cohort, stage=Stage.ENROLLED)
    only_theirs = ended_cohort(other_locality)
    ApplicationFactory(learner=other.learner, cohort=only_theirs, stage=Stage.ENROLLED)
    [row] = cohorts_to_close(learners=Learner.objects.filter(locality=locality))
    assert (row, row.without_outcome) == (cohort, 1)
    assert cohorts_to_close(learners=Learner.objects.filter(locality=locality)).count() == 1


def test_follow_ups_for_some_learners_are_the_due_ones_of_those_learners(locality, other_locality):
    today = timezone.localdate()
    started = timezone.now() - datetime.timedelta(days=100)

    def in_work(where, **learner_fields):
        learner = LearnerFactory(locality=where, **learner_fields)
        return application_at(Stage.STARTED_WORK, cohort=CohortFactory(locality=where), learner=learner,
                              at=started - datetime.timedelta(days=6), days_per_step=[1] * 7)

    mine = in_work(locality)
    in_work(other_locality)
    in_work(locality, user=None)  # no account: nobody to ask
    in_work(locality).learner.applications.update(stage=Stage.WITHDRAWN)
    assert {a.pk for a in applications_with_follow_up_due(today=today)} >= {mine.pk}
    due = follow_ups_due_for(learners=Learner.objects.filter(locality=locality), today=today)
    assert [(a.pk, a.follow_up_month) for a in due] == [(mine.pk, 3)]
    assert due.count() == 1

"""One rule for an outstanding reference: asked for, not received, and still needed because the learner has
fewer received references than the personnel file asks for. The work queue, the cohort board, the learner's
tasks and the personnel file all follow it."""

import datetime

import pytest
from django.utils import timezone

from learners.models import Reference, Stage, references_outstanding_among, references_required
from learners.selectors import cohort_board, learner_home_record, learner_tasks
from learners.selectors_workqueue import references_outstanding
from tests.factories import ApplicationFactory, LearnerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def _references(learner, *, received: int, waiting: int):
    today = timezone.localdate()
    for _ in range(received):
        ReferenceFactory(learner=learner, received_on=today)
    return [ReferenceFactory(learner=learner, requested_on=today - datetime.timedelta(days=3))
            for _ in range(waiting)]


@pytest.mark.parametrize("received, waiting, outstanding", [
    (0, 1, 1), (1, 2, 2), (2, 1, 0), (3, 0, 0), (0, 0, 0),
])
def test_a_reference_is_outstanding_only_while_the_file_still_needs_it(locality, received, waiting, outstanding):
    assert references_required() == 2
    learner = LearnerFactory(locality=locality)
    application = ApplicationFactory(learner=learner, stage=Stage.ENROLLED)
    _references(learner, received=received, waiting=waiting)
    in_database = Reference.objects.outstanding().filter(learner=learner)
    assert in_database.count() == outstanding
    assert len(references_outstanding_among(learner.references.all())) == outstanding
    assert references_outstanding(learners=type(learner).objects.all()).count() == outstanding
    [row] = [r for r in cohort_board(cohort=application.cohort) if r.learner == learner]
    assert row.references_outstanding == outstanding
    tasks = [t for t in learner_tasks(learner_home_record(user=learner.user)) if t.key == "reference"]
    assert len(tasks) == outstanding


def test_an_erased_learners_references_are_not_outstanding(locality):
    learner = LearnerFactory(locality=locality)
    _references(learner, received=0, waiting=1)
    learner.erased_at = timezone.now()
    learner.save()
    assert not Reference.objects.outstanding().exists()


def test_the_personnel_file_counts_the_same_references_outstanding(locality):
    from learners.personnel.context import _references as references_section

    learner = LearnerFactory(locality=locality)
    _references(learner, received=2, waiting=1)
    section = references_section(list(learner.references.all()))
    assert section.complete and "outstanding" not in section.summary
    other = LearnerFactory(locality=locality)
    _references(other, received=1, waiting=1)
    section = references_section(list(other.references.all()))
    assert not section.complete and section.summary.endswith("1 outstanding")

"""A pipeline with one record waiting in every work queue, in each of two localities."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from learners.models import Stage
from notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    LearnerFactory,
    ProviderFactory,
    ReferenceFactory,
)
from tests.factories.impact import application_at as application_walked_at
from tests.factories.personnel import accepted_offer, application_at, interview_for, placement_for

# Every learner made for the staff member's locality has this surname, every other-locality learner the
# other: a page that shows either surname shows that locality's learners.
MINE, THEIRS = "Ashdown", "Zetterwall"


@dataclass
class Pipeline:
    screening: object
    dbs_blocked: object
    reference: object
    placement: object
    interview: object
    offer: object
    cohort_to_close: object
    started_work: object


def pipeline_in(locality, surname) -> Pipeline:
    """One record in each queue for `locality`; every learner is called `surname`."""
    today = timezone.localdate()
    provider = ProviderFactory()

    def learner(first):
        return LearnerFactory(locality=locality, first_name=first, last_name=surname)

    def cohort(**fields):
        return CohortFactory(locality=locality, **fields)

    screening = ApplicationFactory(learner=learner("Sam"), cohort=cohort())
    # Its "application received" email could not be sent: a message that needs staff.
    Notification.objects.filter(learner=screening.learner).update(status=Notification.Status.FAILED)
    dbs_learner = learner("Dee")
    application_walked_at(Stage.ENROLLED, learner=dbs_learner, cohort=cohort())
    reference = ReferenceFactory(learner=dbs_learner)
    placement = placement_for(application_at(learner("Pat"), Stage.PLACED), provider, status="confirmed")
    interview = interview_for(application_at(learner("Ira"), Stage.COMPLETED), provider)
    offer = accepted_offer(application_at(learner("Olu"), Stage.INTERVIEWED), provider)
    ended = cohort(start_date=today - datetime.timedelta(days=60), end_date=today - datetime.timedelta(days=5))
    application_walked_at(Stage.ENROLLED, learner=learner("Cal"), cohort=ended)
    started_work = application_walked_at(Stage.STARTED_WORK, learner=learner("Fay"), cohort=cohort(),
                                         at=timezone.now() - datetime.timedelta(days=107), days_per_step=[1] * 7)
    return Pipeline(screening, dbs_learner, reference, placement, interview, offer, ended,
                    started_work)


def do_the_work(pipeline: Pipeline, staff) -> None:
    """Staff work through the pipeline's queues: screen (accept), receive the reference, the provider
    accepts the placement, the interview is withdrawn, the offer's file is released."""
    from learners.models import PersonnelFileRelease
    from learners.services.applications import application_transition

    application_transition(application=pipeline.screening, to_stage=Stage.ACCEPTED)
    pipeline.reference.received_on = pipeline.reference.requested_on
    pipeline.reference.save()
    pipeline.placement.status = "accepted"
    pipeline.placement.save()
    pipeline.interview.outcome = "withdrawn"
    pipeline.interview.save()
    PersonnelFileRelease.objects.create(
        learner=pipeline.offer.application.learner, provider=pipeline.offer.interview.provider,
        job_offer=pipeline.offer, released_by=staff, released_at=pipeline.offer.offered_at)


def mark_messages_sent(pipeline: Pipeline) -> None:
    """The failed message is sent after all (as the sending task does: a bulk update, no save)."""
    Notification.objects.filter(learner=pipeline.screening.learner).update(status=Notification.Status.SENT,
                                                                           sent_at=timezone.now())


@pytest.fixture
def pipelines(staff, locality, other_locality):
    return pipeline_in(locality, MINE), pipeline_in(other_locality, THEIRS)

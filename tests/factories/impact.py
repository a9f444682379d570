import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from impact.models import (
    ProgrammeEvidence,
    RetentionFollowUp,
    SatisfactionSurvey,
    SupportSpend,
    WellbeingSurvey,
)
from impact.selectors.surveys import follow_up_window, job_started_on
from impact.services.surveys import follow_up_record
from learners.models import Application, Stage
from learners.services.applications import application_create, application_transition

from .courses import CohortFactory, ProgrammeFactory
from .learners import LearnerFactory

# The way to each stage along the pipeline, as application_transition allows it.
PATHS = {
    Stage.APPLIED: [],
    Stage.ACCEPTED: [Stage.ACCEPTED],
    Stage.REFERRED: [Stage.REFERRED],
    Stage.NOT_PROGRESSED: [Stage.NOT_PROGRESSED],
    Stage.ENROLLED: [Stage.ACCEPTED, Stage.ENROLLED],
    Stage.PLACED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED],
    Stage.COMPLETED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED],
    Stage.INTERVIEWED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED],
    Stage.OFFERED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED,
                    Stage.OFFERED],
    Stage.STARTED_WORK: [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED,
                         Stage.OFFERED, Stage.STARTED_WORK],
}


def application_at(stage, *, cohort=None, learner=None, at=None, days_per_step=None, path=None,
                   **fields) -> Application:
    """An application moved through the real service to `stage`, a fixed number of days per step.

    `days_per_step` may be a number or a list (one gap per step), so medians can be hand-computed;
    `fields` go to application_create (a source, how it was taken).
    """
    cohort = cohort or CohortFactory()
    learner = learner or LearnerFactory(locality=cohort.locality)
    at = at or timezone.now() - datetime.timedelta(days=200)
    application = application_create(learner=learner, cohort=cohort, at=at, **fields)
    steps = path if path is not None else PATHS[stage]
    gaps = days_per_step if isinstance(days_per_step, list) else [days_per_step or 7] * len(steps)
    for to_stage, gap in zip(steps, gaps, strict=True):
        at = at + datetime.timedelta(days=gap)
        application = application_transition(application=application, to_stage=to_stage, at=at)
    return application



def follow_up_given(application, *, month: int, in_work: bool, same_employer: bool, by=None) -> RetentionFollowUp:
    """A follow-up recorded through the real service, answered on the day it opened."""
    opens, _closes = follow_up_window(job_started_on(application), month)
    return follow_up_record(application=application, month=month, in_work=in_work, same_employer=same_employer,
                            by=by, today=opens)


class WellbeingSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingSurvey

    application = factory.LazyFunction(lambda: application_at(Stage.ENROLLED))
    moment = WellbeingSurvey.Moment.START
    taken_on = factory.LazyFunction(timezone.localdate)
    item_1 = 3
    item_2 = 3
    item_3 = 3
    item_4 = 3
    item_5 = 3
    item_6 = 3


class SatisfactionSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SatisfactionSurvey

    respondent = SatisfactionSurvey.Respondent.LEARNER
    application = factory.LazyFunction(lambda: application_at(Stage.COMPLETED))
    score = 4
    recorded_on = factory.LazyFunction(timezone.localdate)


class RetentionFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionFollowUp

    application = factory.LazyFunction(lambda: application_at(Stage.STARTED_WORK))
    month = 3
    in_work = True
    same_employer = True
    recorded_at = factory.LazyFunction(timezone.now)


class SupportSpendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportSpend

    application = factory.LazyFunction(lambda: application_at(Stage.ENROLLED))
    category = SupportSpend.Category.TRAVEL
    amount = Decimal("12.50")
    spent_on = factory.LazyFunction(timezone.localdate)


class ProgrammeEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeEvidence

    programme = factory.SubFactory(ProgrammeFactory)
    level = 2
    claim = "Learners' resilience rises over the course."
    data_behind = "Resilience check at the start and end of every cohort."
    reviewed_at = factory.LazyFunction(timezone.localdate)

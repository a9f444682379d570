"""A small hand-computed academy the impact tests share.

Blackpool, programme "SBWA", 10 completers of whom 8 started work (80%), plus:
- 2 referred for English and maths, 1 of whom came back with a new application
- 1 not progressed, 1 accepted who never enrolled
Every step takes a known number of days, so medians are known.
"""

import datetime

import pytest
from django.utils import timezone

from learners.models import Stage
from tests.factories import CohortFactory, LocalityFactory, ProgrammeFactory
from tests.factories.impact import PATHS, application_at

APPLIED_AT = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))


@pytest.fixture
def academy(db, locality):
    programme = ProgrammeFactory(name="Talent for Care", slug="talent-for-care")
    cohort = CohortFactory(programme=programme, locality=locality, guaranteed_interview=True)
    completed_path = PATHS[Stage.COMPLETED] + [Stage.INTERVIEWED]
    started = [
        # started work: application -> accepted 2d -> enrolled 3d -> placed 7d -> completed 28d
        # -> interviewed 4d -> offered 2d -> started_work (offer to start varies: 10, 12, ... 24 days)
        application_at(Stage.STARTED_WORK, cohort=cohort, at=APPLIED_AT,
                       days_per_step=[2, 3, 7, 28, 4, 2, 10 + 2 * i])
        for i in range(8)
    ]
    # Two completers who were interviewed but not offered (yet).
    not_started = [application_at(Stage.INTERVIEWED, cohort=cohort, at=APPLIED_AT, path=completed_path,
                                  days_per_step=[2, 3, 7, 28, 4]) for _ in range(2)]
    referred = [application_at(Stage.REFERRED, cohort=cohort, at=APPLIED_AT, days_per_step=[5]) for _ in range(2)]
    came_back_cohort = CohortFactory(programme=programme, locality=locality)
    came_back = application_at(Stage.APPLIED, cohort=came_back_cohort, learner=referred[0].learner,
                               at=APPLIED_AT + datetime.timedelta(days=40))
    came_back.previous_application = referred[0]
    came_back.save(update_fields=["previous_application"])
    not_progressed = application_at(Stage.NOT_PROGRESSED, cohort=cohort, at=APPLIED_AT, days_per_step=[4])
    accepted_only = application_at(Stage.ACCEPTED, cohort=cohort, at=APPLIED_AT, days_per_step=[2])
    return {
        "locality": locality, "programme": programme, "cohort": cohort, "started": started,
        "not_started": not_started, "referred": referred, "came_back": came_back,
        "not_progressed": not_progressed, "accepted_only": accepted_only,
    }


@pytest.fixture
def small_other_locality(db):
    """Wigan: 3 applications, all started work (a small cell everywhere)."""
    wigan = LocalityFactory(name="Wigan")
    cohort = CohortFactory(locality=wigan)
    return [application_at(Stage.STARTED_WORK, cohort=cohort, at=APPLIED_AT) for _ in range(3)]

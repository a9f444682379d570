import datetime

import pytest
from django.utils import timezone

from learners.models import SkillLevel, ValuesScreening
from learners.services.applications import application_enrol
from learners.services.screening import screening_decide, screening_record, screening_start
from tests.factories import AcademyValueFactory, ApplicationFactory, CohortFactory


@pytest.fixture
def values(db):
    return [
        AcademyValueFactory(name="Compassion", descriptor="Kindness and care for others."),
        AcademyValueFactory(name="Respect", descriptor="Treats people as they want to be treated."),
        AcademyValueFactory(name="Honesty", descriptor="Open about mistakes."),
    ]


@pytest.fixture
def cohort(db, locality):
    """A cohort in Blackpool, where the `staff` persona works."""
    return CohortFactory(locality=locality, name="Talent for Care Blackpool")


@pytest.fixture
def other_cohort(db, other_locality):
    return CohortFactory(locality=other_locality, name="Talent for Care Wigan")


@pytest.fixture
def application(learner, cohort):
    return ApplicationFactory(learner=learner, cohort=cohort)


def screen(application, by, *, scores=(3, 3, 3), values, literacy=SkillLevel.LEVEL_1,
           numeracy=SkillLevel.ENTRY_3, interview=True) -> ValuesScreening:
    """A screening filled in through the services, ready for a decision."""
    screening = screening_start(application=application, by=by)
    return screening_record(
        screening=screening, by=by, literacy_level=literacy, numeracy_level=numeracy,
        interview_on=timezone.localdate() if interview else None,
        scores={v: (s, f"Evidence for {v.name}") for v, s in zip(values, scores, strict=False)},
        panel=[{"name": "Jo Walsh", "role": "provider", "provider": None}] if False else [],
    )


def accept(application, by, values):
    screening_decide(screening=screen(application, by, values=values), outcome="accepted", by=by)
    application.refresh_from_db()
    return application


def enrol(application, by, values, consent=False):
    accept(application, by, values)
    application_enrol(application=application, by=by, consent_given=consent)
    application.refresh_from_db()
    return application


@pytest.fixture
def past_date():
    return timezone.localdate() - datetime.timedelta(days=10)

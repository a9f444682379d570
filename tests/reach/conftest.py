"""A small hand-counted academy for the outcomes-by-group tests.

Blackpool, one cohort, applications made in March 2026:
- 12 care leavers: 10 completed the course, 7 of them started work; 6 followed up at 12 months, 5 in work.
  Their ethnic group: White British.
- 3 armed forces veterans who all started work (a small group). Ethnic group: White Roma (2), not answered (1).
- 6 people in no priority group who applied and did nothing more. Ethnic group: White British.
"""

import datetime

import pytest
from django.utils import timezone

from learners.models import Stage
from tests.factories import CohortFactory, UserFactory
from tests.factories.equality import EqualityMonitoringFactory, equality_role_group
from tests.factories.impact import RetentionFollowUpFactory, SupportSpendFactory, application_at
from tests.factories.reach import LearnerPriorityGroupFactory, priority_group

APPLIED_AT = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))


@pytest.fixture
def equality_officer(db, locality):
    user = UserFactory(staff=True, email="equality-officer@example.test")
    user.localities.add(locality)
    user.groups.add(equality_role_group())
    return user


@pytest.fixture
def reached(db, locality):
    cohort = CohortFactory(locality=locality)
    care_leaver, veteran = priority_group("care-leaver"), priority_group("armed-forces-veteran")
    started = [application_at(Stage.STARTED_WORK, cohort=cohort, at=APPLIED_AT) for _ in range(7)]
    completed = [application_at(Stage.COMPLETED, cohort=cohort, at=APPLIED_AT) for _ in range(3)]
    enrolled = [application_at(Stage.ENROLLED, cohort=cohort, at=APPLIED_AT) for _ in range(2)]
    for application in started + completed + enrolled:
        LearnerPriorityGroupFactory(learner=application.learner, group=care_leaver)
        EqualityMonitoringFactory(learner=application.learner, ethnic_group="white_british")
    for i, application in enumerate(started[:6]):
        RetentionFollowUpFactory(application=application, month=12, in_work=i < 5, same_employer=False)
    veterans = [application_at(Stage.STARTED_WORK, cohort=cohort, at=APPLIED_AT) for _ in range(3)]
    for i, application in enumerate(veterans):
        LearnerPriorityGroupFactory(learner=application.learner, group=veteran)
        if i < 2:
            EqualityMonitoringFactory(learner=application.learner, ethnic_group="white_roma")
    others = [application_at(Stage.APPLIED, cohort=cohort, at=APPLIED_AT) for _ in range(6)]
    for application in others:
        EqualityMonitoringFactory(learner=application.learner, ethnic_group="white_british")
    for application in started + veterans:
        SupportSpendFactory(application=application, amount=100, spent_on=datetime.date(2026, 4, 10))
    return {"cohort": cohort, "started": started, "veterans": veterans, "others": others}

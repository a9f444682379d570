"""The follow-ups-due rule asked of the database (applications_with_follow_up_due) gives the same answer as
the rule for one application in memory (follow_ups_open), on the awkward days: month ends, a leap day,
a start just after midnight in summer time; and the work queue's count is the length of its list."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Prefetch

from impact.models import RetentionFollowUp
from impact.selectors.surveys import (
    applications_with_follow_up_due,
    follow_up_started_between,
    follow_up_window,
    follow_ups_due,
    follow_ups_open,
)
from impact.selectors.workqueue import follow_ups_due_for
from learners.models import Application, Learner, Stage, StageTransition
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAYS = [datetime.date(2028, 2, 29), datetime.date(2028, 3, 31), datetime.date(2027, 8, 31),
          datetime.date(2027, 9, 30), datetime.date(2028, 5, 1)]


def _started_days():
    """Days either side of a month's end across the 16 months before each `today`."""
    days = set()
    for today in TODAYS:
        for month in (3, 6, 12):
            first, last = follow_up_started_between(month, today)
            for edge in (first, last):
                days.update(edge + datetime.timedelta(days=d) for d in (-2, -1, 0, 1, 2))
    return sorted(days)


@pytest.fixture
def started_applications():
    cohort = CohortFactory()
    applications = []
    for n, day in enumerate(_started_days()):
        application = ApplicationFactory(cohort=cohort, stage=Stage.STARTED_WORK)
        # just after midnight London time: the day before in UTC during summer time
        StageTransition.objects.filter(application=application, to_stage=Stage.STARTED_WORK).update(
            at=datetime.datetime.combine(day, datetime.time(0, 30), tzinfo=LONDON))
        if n % 5 == 0:  # some have answered the check-in that is open
            for month in (3, 6, 12):
                opens, closes = follow_up_window(day, month)
                if any(opens <= today < closes for today in TODAYS):
                    RetentionFollowUp.objects.create(application=application, month=month, in_work=True,
                                                     same_employer=True,
                                                     recorded_at=datetime.datetime.combine(opens, datetime.time(12), tzinfo=LONDON))
        applications.append(application)
    return applications


def _in_memory(today):
    applications = Application.objects.prefetch_related(
        "job_starts", Prefetch("transitions", queryset=StageTransition.objects.order_by("at")),
        "retention_follow_ups").exclude(stage=Stage.WITHDRAWN)
    return {(a.pk, month) for a in applications for month in follow_ups_open(a, today)}


@pytest.mark.parametrize("today", TODAYS)
def test_the_database_rule_agrees_with_the_rule_for_one_application(started_applications, today):
    expected = _in_memory(today)
    assert expected  # the days chosen do put follow-ups due
    found = {(a.pk, a.follow_up_month) for a in applications_with_follow_up_due(today=today)}
    assert found == expected
    assert {(d.application.pk, d.month) for d in follow_ups_due(today=today)} == expected


@pytest.mark.parametrize("today", TODAYS[:2])
def test_the_queue_counts_what_it_lists_in_one_query_each(started_applications, today,
                                                          django_assert_num_queries):
    rows = follow_ups_due_for(learners=Learner.objects.all(), today=today)
    with django_assert_num_queries(1):
        count = rows.count()
    with django_assert_num_queries(1):
        listed = list(rows)
    assert count == len(listed) == len(_in_memory(today))
    assert [r.job_started_on for r in listed] == sorted(r.job_started_on for r in listed)
    assert all(r.learner.full_name for r in listed)  # the learner comes with the row

"""The dashboard runs the same number of queries whatever the amount of data."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from impact.selectors.figures import ImpactFilters, impact_figures
from impact.services.support import support_spend_record
from impact.services.surveys import resilience_check_record
from learners.models import Stage
from tests.factories import BursaryPaymentFactory, CohortFactory, LocalityFactory, ProgrammeFactory
from tests.factories.impact import application_at, follow_up_given


def build(n):
    """n applications spread over 3 localities and 2 programmes, with surveys, spend and follow-ups."""
    programmes = [ProgrammeFactory(), ProgrammeFactory()]
    cohorts = [CohortFactory(programme=programmes[i % 2], locality=LocalityFactory(name=f"Town {i % 3}"))
               for i in range(6)]
    start = timezone.now() - datetime.timedelta(days=300)
    stages = [Stage.STARTED_WORK, Stage.COMPLETED, Stage.REFERRED, Stage.ENROLLED, Stage.STARTED_WORK]
    for i in range(n):
        application = application_at(stages[i % len(stages)], cohort=cohorts[i % 6],
                                     at=start + datetime.timedelta(days=i % 60), days_per_step=3)
        if application.stage in (Stage.STARTED_WORK, Stage.COMPLETED, Stage.ENROLLED):
            resilience_check_record(application=application, moment="start", taken_on=datetime.date(2026, 1, 5),
                                    answers=[3] * 6, by=None)
            support_spend_record(application=application, category="travel", amount=5, spent_on=datetime.date(2026, 1, 5))
            BursaryPaymentFactory(application=application, amount=50, paid_on=datetime.date(2026, 1, 6))
        if application.stage == Stage.STARTED_WORK:
            follow_up_given(application, month=3, in_work=True, same_employer=True)


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_selectors_run_a_fixed_number_of_queries_at_10_and_at_200_rows():
    build(10)
    small = count_queries(lambda: impact_figures(filters=ImpactFilters()))
    build(190)
    large = count_queries(lambda: impact_figures(filters=ImpactFilters()))
    assert small == large
    # 14: funnel, enquiries, retention, leaving reasons, one for costs (support and bursaries together),
    # wellbeing, satisfaction, qualifications, providers, two for both breakdowns (stages, completers, per
    # locality and programme at once), two for the trend (stages, completions) and one for the table by
    # recruitment route.
    assert large <= 15


@pytest.mark.django_db
def test_dashboard_page_runs_the_same_queries_at_10_and_at_200_rows(staff, partner, django_assert_num_queries):
    clients = {}
    for user in (staff, partner):
        clients[user.role] = Client()
        clients[user.role].force_login(user)
    build(10)
    url = reverse("impact:dashboard") + "?from_month=2025-01&to_month=2026-12"
    small = {}
    for role, client in clients.items():
        client.get(url)  # the first request of a session does one-off work (session, sign-in records)
        small[role] = count_queries(lambda c=client: c.get(url))
    build(190)
    for role, client in clients.items():
        with django_assert_num_queries(small[role]):
            response = client.get(url)
        assert response.status_code == 200, role


@pytest.mark.django_db
def test_drilldown_page_query_count_does_not_grow(staff, client_for, django_assert_num_queries):
    client = client_for(staff)
    build(10)
    url = reverse("impact:drilldown", args=["started_work"])
    client.get(url)
    small = count_queries(lambda: client.get(url))
    build(190)
    with django_assert_num_queries(small):
        client.get(url)

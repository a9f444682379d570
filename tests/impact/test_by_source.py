"""Applications, completions, job starts and 12-month retention by recruitment route (the source each
application gave), exact for staff and protected for partners; on the page and in the CSV."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from impact.selectors.figures import ImpactFilters, impact_figures, source_breakdown
from impact.tables import impact_tables
from learners.models import Stage
from tests.factories import ApplicationSourceFactory, CohortFactory
from tests.factories.impact import application_at, follow_up_given

DASHBOARD = reverse("impact:dashboard")
CSV = reverse("impact:dashboard_csv")


@pytest.fixture
def routes(db, locality):
    """Jobcentre Plus: 12 applications, 11 started work (all completers), 10 followed up at 12 months of
    whom 5 in work. Social media: 3 applications, 2 started, both followed up, 1 in work. One application
    gave no source."""
    cohort = CohortFactory(locality=locality)
    jcp = ApplicationSourceFactory(name="Jobcentre Plus referral", is_referral=True, order=1)
    social = ApplicationSourceFactory(name="Social media", order=2)
    at = timezone.now() - datetime.timedelta(days=500)

    def make(stage, source):
        return application_at(stage, cohort=cohort, at=at, days_per_step=3, source=source)

    jcp_started = [make(Stage.STARTED_WORK, jcp) for _ in range(11)]
    make(Stage.APPLIED, jcp)
    for i, application in enumerate(jcp_started[:10]):
        follow_up_given(application, month=12, in_work=i < 5, same_employer=False)
    social_started = [make(Stage.STARTED_WORK, social) for _ in range(2)]
    make(Stage.APPLIED, social)
    for i, application in enumerate(social_started):
        follow_up_given(application, month=12, in_work=i == 0, same_employer=False)
    make(Stage.APPLIED, None)
    return {"jcp": jcp, "social": social}


def _row(table, key):
    return {column: cell.display for column, cell in zip(table.columns, next(r for r in table.rows if r.key == key).cells,
                                                       strict=True)}


def test_one_grouped_query_counts_each_route(routes, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {r["source_id"]: r for r in source_breakdown(filters=ImpactFilters())}
    jcp = rows[routes["jcp"].pk]
    assert (jcp["applications"], jcp["completed"], jcp["started_work"], jcp["followed_up_12"], jcp["in_work_12"]) \
        == (12, 11, 11, 10, 5)
    assert rows[None]["applications"] == 1


def test_staff_see_exact_figures_with_named_rates(routes):
    table = impact_tables(impact_figures(filters=ImpactFilters()), suppress=False).by_source
    jcp = _row(table, str(routes["jcp"].pk))
    assert jcp["Applications"] == "12" and jcp["Completed"] == "11" and jcp["Started work"] == "11"
    assert jcp["In work at 12 months"] == "5" and jcp["Followed up at 12 months"] == "10"
    assert jcp["Completed ÷ applications"] == "91.7%"
    assert jcp["In work at 12 months ÷ followed up at 12 months"] == "50%"
    assert _row(table, str(routes["social"].pk))["Applications"] == "3"
    assert _row(table, "none")["Applications"] == "1"
    assert _row(table, "total")["Applications"] == "16"


def test_partners_see_rounded_counts_and_no_rate_on_few_people(routes):
    table = impact_tables(impact_figures(filters=ImpactFilters()), suppress=True).by_source
    jcp = _row(table, str(routes["jcp"].pk))
    assert jcp["Applications"] == "10" and jcp["Completed"] == "10" and jcp["In work at 12 months"] == "5"
    assert jcp["Completed ÷ applications"] == "92%"  # from the exact counts
    assert jcp["In work at 12 months ÷ followed up at 12 months"] == "50%"
    social = _row(table, str(routes["social"].pk))
    assert social["Applications"] == "fewer than 5" and social["Started work"] == "fewer than 5"
    assert social["Started work ÷ applications"] == "suppressed"
    assert social["In work at 12 months ÷ followed up at 12 months"] == "suppressed"
    assert _row(table, "none")["Applications"] == "fewer than 5"


def test_the_dashboard_and_csv_show_the_table_to_each_audience(routes, client_for, staff, partner):
    staff_html = client_for(staff).get(DASHBOARD).content.decode()
    assert 'data-testid="table-by_source"' in staff_html and "Jobcentre Plus referral" in staff_html
    staff_csv = client_for(staff).get(CSV, {"table": "by_source"}).content.decode()
    assert "Jobcentre Plus referral,12,11,11,10,5,91.7%,91.7%,50%" in staff_csv
    partner_client = client_for(partner)
    assert 'data-testid="table-by_source"' in partner_client.get(DASHBOARD).content.decode()
    partner_csv = partner_client.get(CSV).content.decode()
    assert "Jobcentre Plus referral,10,10,10,10,5,92%,92%,50%" in partner_csv
    assert "Social media,fewer than 5" in partner_csv

"""The two caches the benchmark called for: the public vacancy guide and the dashboard figures."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impact.selectors.figures import ImpactFilters, cached_impact_figures, impact_figures
from impact.tables import PROVIDERS_ON_PAGE, impact_tables


@pytest.fixture
def caches_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.IMPACT_FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_anonymous_visitors_get_the_guide_from_the_cache(client, db, caches_on):
    url = reverse("vacancies:guide") + "?q=care"
    assert _queries(client, url) > 0
    assert _queries(client, url) == 0


def test_signed_in_users_always_get_a_fresh_guide(client_for, staff, caches_on):
    client = client_for(staff)
    url = reverse("vacancies:guide")
    client.get(url)
    assert _queries(client, url) > 0


def test_dashboard_figures_are_computed_once_per_filter_set(db, caches_on):
    first = cached_impact_figures(filters=ImpactFilters())
    with CaptureQueriesContext(connection) as ctx:
        again = cached_impact_figures(filters=ImpactFilters())
    assert len(ctx.captured_queries) == 0
    assert again.funnel == first.funnel
    with CaptureQueriesContext(connection) as ctx:
        cached_impact_figures(filters=ImpactFilters(locality_id=1))
    assert len(ctx.captured_queries) > 0


def test_provider_table_shows_the_top_providers_and_the_csv_keeps_them_all(db):
    from tests.factories import ProviderFactory

    raw = impact_figures(filters=ImpactFilters())
    providers = [ProviderFactory() for _ in range(PROVIDERS_ON_PAGE + 5)]
    raw.providers = [{"provider_id": p.pk, "provider__name": p.name, "filled": 30 - i % 7, "people": 30 - i % 7}
                     for i, p in enumerate(providers)]
    table = impact_tables(raw, suppress=False).providers
    assert len(table.rows_on_page) == PROVIDERS_ON_PAGE
    assert len(list(table.as_csv_rows())) == len(providers) + 2
    assert "in the CSV" in table.note


@pytest.fixture
def tables_built(monkeypatch):
    """Counts how often the dashboard builds its tables (a cache miss)."""
    import impact.views.figures

    calls = []
    real = impact.views.figures.impact_tables

    def counting(raw, *, suppress):
        calls.append(suppress)
        return real(raw, suppress=suppress)

    monkeypatch.setattr(impact.views.figures, "impact_tables", counting)
    return calls


def test_the_dashboard_keeps_its_figures_rendered_per_audience_and_filter_set(
        client, db, caches_on, staff, partner, tables_built):
    from tests.factories import CohortFactory

    cohort = CohortFactory()
    url = reverse("impact:dashboard")
    client.force_login(partner)
    first = client.get(url)
    again = client.get(url + "?unknown=1")  # stray parameters share the same rendered figures
    assert tables_built == [True]
    assert again.content.count(b'data-testid="table-funnel"') == 1
    assert "impact/drilldown" not in first.content.decode()

    client.force_login(partner)
    client.get(url, {"programme": cohort.programme_id})
    assert tables_built == [True, True]  # another filter set is another entry

    # Staff see unsuppressed figures with drill-down links: never the partners' copy, nor the reverse.
    client.force_login(staff)
    staff_page = client.get(url).content.decode()
    assert tables_built == [True, True, False]
    assert reverse("impact:drilldown", args=["applications"]) in staff_page
    client.force_login(partner)
    partner_page = client.get(url).content.decode()
    assert tables_built == [True, True, False]
    assert reverse("impact:drilldown", args=["applications"]) not in partner_page


def test_links_on_the_dashboard_carry_only_the_valid_filters(client_for, partner, db):
    from tests.factories import CohortFactory

    cohort = CohortFactory()
    page = client_for(partner).get(reverse("impact:dashboard"),
                                   {"programme": cohort.programme_id, "from_month": "2026-01", "junk": "<x>"})
    html = page.content.decode()
    assert f"from_month=2026-01&amp;programme={cohort.programme_id}" in html
    assert "junk" not in html


def test_the_warming_task_leaves_the_unfiltered_figures_in_the_cache(db, caches_on, django_capture_on_commit_callbacks):
    from impact.tasks import dashboard_figures_warm

    with django_capture_on_commit_callbacks(execute=True):  # a task is sent when the transaction commits
        dashboard_figures_warm.delay()
    with CaptureQueriesContext(connection) as ctx:
        cached_impact_figures(filters=ImpactFilters())
    assert len(ctx.captured_queries) == 0


def test_beat_runs_the_warming_task_more_often_than_the_figures_expire():
    from config.celery import app
    from config.settings import base  # the production value (the test settings turn caching off)

    entry = app.conf.beat_schedule["warm-dashboard-figures"]
    assert entry["task"] == "impact.dashboard_figures_warm"
    minutes = sorted(entry["schedule"].minute)
    gaps = [b - a for a, b in zip(minutes, minutes[1:] + [minutes[0] + 60], strict=True)]
    assert max(gaps) * 60 < base.IMPACT_FIGURES_CACHE_SECONDS


def test_a_filter_with_a_mistake_is_shown_as_typed_with_its_message_not_from_the_cache(
        client_for, partner, caches_on, tables_built):
    client = client_for(partner)
    client.get(reverse("impact:dashboard"))
    page = client.get(reverse("impact:dashboard"), {"from_month": "2026-13x"}).content.decode()
    assert "Enter a month as year and month" in page
    assert 'value="2026-13x"' in page
    assert client.get(reverse("impact:dashboard")).content.decode().count("Enter a month as year and month") == 0

"""The two caches the benchmark called for: the public vacancy guide and the dashboard figures."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impact.selectors import ImpactFilters, cached_impact_figures, impact_figures
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

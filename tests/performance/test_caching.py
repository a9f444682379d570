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


def test_a_partners_dashboard_from_its_kept_copy_reads_only_the_session(client_for, partner, caches_on):
    """Which copy of the equality tables a visitor gets is asked of their role before any permission,
    so a partner's page makes no query beyond the session once the figures are rendered."""
    client = client_for(partner)
    url = reverse("impact:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert [q["sql"] for q in ctx.captured_queries if "academy_session" not in q["sql"]] == []


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


def _at_once(count, work):
    """Runs work() in `count` threads released together; returns their results."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.fixture
def slow_figures(monkeypatch):
    """Counts how often the dashboard's figures are computed, each taking long enough to overlap."""
    import time

    import impact.selectors.figures

    calls = []
    real = impact.selectors.figures.impact_figures

    def counting(*, filters):
        calls.append(filters)
        time.sleep(0.5)
        return real(filters=filters)

    monkeypatch.setattr(impact.selectors.figures, "impact_figures", counting)
    return calls


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_on_a_cold_cache_compute_the_figures_once(caches_on, slow_figures, partner, staff):
    from django.test import Client

    from tests.factories import CohortFactory

    CohortFactory()
    url = reverse("impact:dashboard")

    def visits(user, count):
        """One signed-in browser per thread, signed in beforehand (SQLite allows one writer at a time)."""
        import time

        from academy.middleware import MFA_CHECKED_SESSION_KEY
        from academy.sessions import SESSION_REFRESHED_KEY

        clients = []
        for _ in range(count):
            client = Client()
            client.force_login(user)
            session = client.session
            session[SESSION_REFRESHED_KEY] = int(time.time())
            session[MFA_CHECKED_SESSION_KEY] = user.pk
            session.save()
            clients.append(client)
        return lambda: clients.pop().get(url).status_code

    assert _at_once(6, visits(partner, 6)) == [200] * 6
    assert len(slow_figures) == 1
    # Staff see the same figures unsuppressed: rendered apart, but not computed again.
    assert _at_once(4, visits(staff, 4)) == [200] * 4
    assert len(slow_figures) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_get_the_figures_built_once_per_filter_set(caches_on, slow_figures):
    first = _at_once(5, lambda: cached_impact_figures(filters=ImpactFilters()))
    assert len(slow_figures) == 1
    assert all(figures.funnel == first[0].funnel for figures in first)
    _at_once(3, lambda: cached_impact_figures(filters=ImpactFilters(locality_id=1)))
    assert len(slow_figures) == 2

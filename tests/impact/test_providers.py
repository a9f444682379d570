"""Vacancies filled through the academy, per provider, and the provider filter (staff only)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from impact.selectors.figures import ImpactFilters, impact_figures
from impact.tables import impact_tables
from learners.models import Stage
from placements import services as placement_services
from tests.factories import CohortFactory
from tests.factories.impact import application_at
from tests.factories.placements import held_interview


def job_start(*, cohort, provider_user, staff):
    application = application_at(Stage.COMPLETED, cohort=cohort, at=timezone.now() - datetime.timedelta(days=60),
                                 days_per_step=5)
    kwargs = {"provider": provider_user.provider} if provider_user else {}
    interview = held_interview(application=application, by=staff,
                               **({"vacancy__provider": kwargs["provider"],
                                   "vacancy__site__provider": kwargs["provider"]} if kwargs else {}))
    placement_services.interview_record_outcome(interview=interview, outcome="offer", by=staff)
    offer = interview.offer
    placement_services.job_offer_decide(offer=offer, accept=True, by=staff)
    return placement_services.job_start_record(offer=offer, started_on=timezone.localdate(), by=staff)


def test_vacancies_filled_per_provider_and_provider_filter(staff, client_for, db):
    cohort = CohortFactory()
    starts = [job_start(cohort=cohort, provider_user=None, staff=staff) for _ in range(2)]
    provider = starts[0].provider
    raw = impact_figures(filters=ImpactFilters())
    staff_view = impact_tables(raw, suppress=False).providers
    rows = {r.label: r for r in staff_view.rows}
    assert rows[provider.name].cells[0].value == 1
    partner_view = impact_tables(raw, suppress=True).providers
    assert all(c.display in ("fewer than 5", "0") for r in partner_view.rows for c in r.cells)
    only = impact_figures(filters=ImpactFilters(provider_id=provider.pk))
    assert only.funnel["started_work"] == 1
    response = client_for(staff).get(reverse("impact:dashboard"), {"provider": provider.pk})
    assert response.status_code == 200
    assert next(r for r in response.context["tables"].funnel.rows if r.key == "started_work").cells[0].value == 1

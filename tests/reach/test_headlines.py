"""Headline tiles open the impact dashboard and the printed report, each with its last four quarters."""

import datetime
import io
import json
import re
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from impact.selectors.figures import ImpactFilters
from impact.services.reports import impact_report_build, impact_report_request
from reach.selectors import headline_figures, last_four_quarters, quarter_of
from reach.tables import headline_tiles

pytestmark = pytest.mark.django_db

NOVEMBER = datetime.date(2026, 11, 26)


def test_quarters_are_calendar_quarters_oldest_first():
    assert quarter_of(datetime.date(2026, 11, 26)) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert [q[0] for q in last_four_quarters(NOVEMBER)] == [
        datetime.date(2026, 1, 1), datetime.date(2026, 4, 1), datetime.date(2026, 7, 1), datetime.date(2026, 10, 1)]


def test_headline_figures_count_each_quarters_events(reached):
    quarters = headline_figures(filters=ImpactFilters(end=datetime.date(2026, 12, 31)))
    by_start = {q["start"]: q for q in quarters}
    spring = by_start[datetime.date(2026, 4, 1)]
    # 7 care leavers and 3 veterans completed and started work (49 days after applying on 2 March).
    assert spring["completers_into_work"] == 10 and spring["offered"] == 10 and spring["started"] == 10
    assert spring["spend"] == 1000
    first = by_start[datetime.date(2026, 1, 1)]
    assert first["priority_reached"] == 15  # 12 care leavers and 3 veterans applied in March
    assert sum(q["in_work_12"] for q in quarters) == 5


def test_cost_per_job_start_and_the_partner_rule_on_tiles(reached):
    quarters = headline_figures(filters=ImpactFilters(end=datetime.date(2026, 12, 31)))
    staff_tiles = {t.key: t for t in headline_tiles(quarters, suppress=False)}
    assert staff_tiles["cost_per_job_start"].total.display == "£100"
    assert staff_tiles["completers_into_work"].total.value == 10
    partner_tiles = headline_tiles(quarters, suppress=True)
    for tile in partner_tiles:
        for _label, cell in tile.quarters:
            assert cell.value is None or cell.value == 0 or cell.value >= 5 or tile.key == "cost_per_job_start"


def test_the_partner_dashboard_opens_with_the_tiles_and_their_chart_data(client_for, partner, reached):
    page = client_for(partner).get(reverse("impact:dashboard")).content.decode()
    tiles_at = page.index('data-testid="headline-tiles"')
    assert tiles_at < page.index('data-testid="impact-filters"')
    for key in ("completers_into_work", "offered", "in_work_12", "cost_per_job_start", "priority_reached"):
        assert f'data-testid="tile-{key}"' in page
    data = json.loads(re.search(r'<script id="reach-headline-data" type="application/json">(.*?)</script>', page,
                                re.S).group(1))
    assert len(data["offered"]["values"]) == 4
    for key, series in data.items():
        if key != "cost_per_job_start":  # an amount of money, hidden under 10 job starts
            assert not [v for v in series["values"] if v is not None and v % 5]
    assert "js/reach_charts.js" in page
    assert "<script>" not in page  # no inline script: the data travels in the json_script block


def test_the_printed_report_opens_with_the_headlines(reached, partner):
    with mock.patch("impact.tasks.impact_report_build.delay"):
        report = impact_report_request(requested_by=partner, period_start=datetime.date(2026, 1, 1),
                                       period_end=datetime.date(2026, 12, 31))
    impact_report_build(report_id=report.pk)
    report.refresh_from_db()
    with report.file.open("rb") as fh:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
    assert "Headlines: the last four quarters" in text
    assert text.index("Completers into care jobs") < text.index("The funnel")


def test_the_cost_per_job_start_counts_bursaries_paid_in_the_quarter(reached):
    from decimal import Decimal

    from learners.models import Application, Stage
    from tests.factories import BursaryPaymentFactory

    application = Application.objects.filter(stage=Stage.STARTED_WORK).first()
    BursaryPaymentFactory(application=application, amount=Decimal("500"), paid_on=datetime.date(2026, 4, 20))
    BursaryPaymentFactory(application=application, amount=Decimal("70"), paid_on=datetime.date(2026, 9, 20))
    quarters = {q["start"]: q for q in headline_figures(filters=ImpactFilters(end=datetime.date(2026, 12, 31)))}
    assert quarters[datetime.date(2026, 4, 1)]["spend"] == 1500  # £1,000 support and a £500 bursary
    tiles = {t.key: t for t in headline_tiles(list(quarters.values()), suppress=False)}
    assert tiles["cost_per_job_start"].total.display == "£157"  # (1,000 + 500 + 70) / 10 starts

"""The impact dashboard's charts in Chromium: every bar and point keeps its label, at a laptop's width and a phone's."""

import pytest

from learners.models import Stage
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    LocalityFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.factories.academy import PASSWORD

from .conftest import login

# For each chart on the page: its category labels and the ticks Chart.js kept on its category axis.
CHART_TICKS = """() => [...document.querySelectorAll('canvas')].map(canvas => {
    const chart = Chart.getChart(canvas);
    const axis = chart.options.indexAxis === 'y' ? 'y' : 'x';
    return {id: canvas.id, labels: chart.data.labels.length, ticks: chart.scales[axis].ticks.length,
            autoSkip: chart.options.scales[axis].ticks.autoSkip};
})"""


@pytest.mark.parametrize("width", [1280, 320])
def test_every_chart_labels_every_bar(browser, live_server, transactional_db, lookups, width):
    programme = ProgrammeFactory(name="Get into Care")
    for name in ("Blackpool", "Fylde", "Wyre", "Lancaster", "Wigan", "Rochdale", "Salford", "Liverpool"):
        cohort = CohortFactory(programme=programme, locality=LocalityFactory(name=name), name=f"Get into Care, {name}")
        for i in range(6):
            ApplicationFactory(cohort=cohort, stage=Stage.ENROLLED if i % 2 else Stage.APPLIED)
    partner = UserFactory(partner=True)
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        login(page, partner.email, PASSWORD)
        page.goto("/impact/")
        page.wait_for_function("() => [...document.querySelectorAll('canvas')].every(c => Chart.getChart(c))")
        # The headline tiles' small charts are described by their list of quarters instead.
        charts = [c for c in page.evaluate(CHART_TICKS) if not c["id"].startswith("tile-chart-")]
        assert [c["id"] for c in charts] == ["chart-funnel", "chart-trend", "chart-locality", "chart-programme"]
        for chart in charts:
            assert chart["autoSkip"] is False, chart
            assert chart["ticks"] == chart["labels"], f"{chart['id']} drops labels at {width}px: {chart}"
        assert next(c for c in charts if c["id"] == "chart-locality")["labels"] == 8
    finally:
        context.close()

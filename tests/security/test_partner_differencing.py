"""Partners cannot work out a count under 5, nor reach a person, by any filter, order or export.

The rule (impact.suppression): for a partner every count of 1 to 4 is "fewer than 5" and every
other count, totals included, is rounded to the nearest 5. So every number a partner is given is
a multiple of 5, and the difference of any two of them is a multiple of 5 too: never 1 to 4.
Staff see the exact figures.

The academy here: Blackpool, 12 applications in March 2026 and 2 in April; Wigan, 3 in March.
"""

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from impact.selectors.figures import DRILLDOWN_STAGES
from learners.models import Stage
from tests.factories import CohortFactory, LocalityFactory, ProgrammeFactory
from tests.factories.impact import application_at

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("impact:dashboard")
CSV = reverse("impact:dashboard_csv")
MARCH = timezone.make_aware(datetime.datetime(2026, 3, 3, 10, 0))
APRIL = timezone.make_aware(datetime.datetime(2026, 4, 7, 10, 0))


@pytest.fixture
def figures(db):
    blackpool, wigan = LocalityFactory(name="Blackpool"), LocalityFactory(name="Wigan")
    programme = ProgrammeFactory(name="Get into Care")
    cohort = CohortFactory(programme=programme, locality=blackpool)
    for at, n in ((MARCH, 12), (APRIL, 2)):
        for _ in range(n):
            application_at(Stage.APPLIED, cohort=cohort, at=at)
    wigan_cohort = CohortFactory(programme=programme, locality=wigan)
    for _ in range(3):
        application_at(Stage.APPLIED, cohort=wigan_cohort, at=MARCH)
    return {"blackpool": blackpool, "wigan": wigan, "programme": programme, "cohort": cohort}


def csv_rows(client, **params) -> list[list[str]]:
    response = client.get(CSV, params)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def funnel_applications(rows) -> str:
    return next(r[1] for r in rows if r and r[0] == "Applications")


def table_row(rows, caption_start, label) -> list[str]:
    """The row called `label` of the CSV table whose caption starts with `caption_start`."""
    start = next(i for i, r in enumerate(rows) if r and r[0].startswith(caption_start))
    for r in rows[start + 2:]:
        if not r:
            break
        if r[0] == label:
            return r
    raise AssertionError(f"no row {label} under {caption_start}")


def whole_numbers(cells) -> list[int]:
    """The cells that are plain counts (rates end in %, averages have a point, hidden ones are words)."""
    return [int(c.replace(",", "")) for c in cells if re.fullmatch(r"\d{1,3}(,\d{3})*", c)]


def chart_numbers(html: str) -> list:
    data = json.loads(re.search(r'<script id="impact-chart-data" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    values = list(data["funnel"]["values"])
    for chart in ("trend", "by_locality", "by_programme"):
        values += [v for series in data[chart]["series"] for v in series["values"]]
    return values


def test_two_overlapping_month_ranges_do_not_give_back_a_small_month(figures, partner, client_for):
    client = client_for(partner)
    place = {"locality": figures["blackpool"].pk}
    both = funnel_applications(csv_rows(client, from_month="2026-03", to_month="2026-04", **place))
    march = funnel_applications(csv_rows(client, from_month="2026-03", to_month="2026-03", **place))
    april = funnel_applications(csv_rows(client, from_month="2026-04", to_month="2026-04", **place))
    # 14, 12 and 2 exactly: March to April minus March must not be April's 2.
    assert (both, march, april) == ("15", "10", "fewer than 5")
    assert int(both) - int(march) != 2


def test_a_locality_against_the_total_does_not_give_back_a_small_locality(figures, partner, client_for):
    rows = csv_rows(client_for(partner))
    column = 1  # Applications is the first column of the breakdown
    total = table_row(rows, "By locality", "Total")[column]
    blackpool = table_row(rows, "By locality", "Blackpool")[column]
    wigan = table_row(rows, "By locality", "Wigan")[column]
    # 17 in all, 14 in Blackpool: Total minus Blackpool must not be Wigan's 3.
    assert (total, blackpool, wigan) == ("15", "15", "fewer than 5")
    assert funnel_applications(rows) == "15"


FILTERS = [
    {},
    {"from_month": "2026-03", "to_month": "2026-03"},
    {"from_month": "2026-04", "to_month": "2026-04"},
    {"from_month": "2026-03", "to_month": "2026-04"},
    {"from_month": "2026-02", "to_month": "2026-04"},
]


@pytest.mark.parametrize("period", FILTERS)
def test_every_number_a_partner_gets_is_a_multiple_of_five(figures, partner, client_for, period):
    """Dashboard tables, chart data and CSV, for every period, locality and programme filter,
    with stray cohort, provider and ordering parameters that partners must not be able to use."""
    client = client_for(partner)
    places = [{}, {"locality": figures["blackpool"].pk}, {"locality": figures["wigan"].pk},
              {"programme": figures["programme"].pk},
              {"cohort": figures["cohort"].pk, "order": "-applications", "sort": "name", "page": "2"}]
    for place in places:
        params = {**period, **place}
        rows = csv_rows(client, **params)
        numbers = whole_numbers(cell for row in rows for cell in row[1:])
        assert all(n % 5 == 0 for n in numbers), (params, numbers)
        assert not any(cell in {"1", "2", "3", "4"} for row in rows for cell in row[1:]), params
        html = client.get(DASHBOARD, params).content.decode()
        charts = chart_numbers(html)
        assert all(v is None or v % 5 == 0 for v in charts), (params, charts)
        tables = client.get(DASHBOARD, params).context["tables"]
        shown = [cell.value for table in tables.all() for row in table.rows for cell in row.cells
                 if isinstance(cell.value, int) and not cell.display.endswith("%")]
        assert all(n % 5 == 0 for n in shown), (params, shown)


def test_a_partner_rate_comes_from_the_exact_counts_and_is_hidden_under_ten_people(figures, partner, client_for):
    from impact.suppression import rate_cell

    assert rate_cell(2, 14, suppress=True).display == "suppressed"       # 2 people: a small count
    assert rate_cell(7, 14, suppress=True).display == "50%"              # exact 7/14, not rounded 5/15
    assert rate_cell(7, 9, suppress=True).display == "suppressed"        # fewer than 10 people
    assert rate_cell(7, 9, suppress=False).display == "77.8%"            # staff: exact


def test_cohort_provider_and_ordering_parameters_change_nothing_for_a_partner(figures, partner, client_for):
    client = client_for(partner)
    plain = csv_rows(client)
    stray = csv_rows(client, cohort=figures["cohort"].pk, provider=1, order="applications", sort="-name",
                     learner=1, step="applications")
    assert stray == plain


def test_a_partner_never_reaches_the_people_behind_a_figure(figures, partner, client_for):
    client = client_for(partner)
    for step in DRILLDOWN_STAGES:
        for params in ({}, {"locality": figures["wigan"].pk}, {"from_month": "2026-04", "to_month": "2026-04"}):
            response = client.get(reverse("impact:drilldown", args=[step]), params)
            assert response.status_code in (403, 404), (step, params)
    html = client.get(DASHBOARD, {"locality": figures["wigan"].pk}).content.decode()
    assert "/impact/learners/" not in html
    from learners.models import Learner

    for learner in Learner.objects.all():
        assert learner.last_name not in html
        assert learner.email not in html


def test_the_printed_report_for_a_partner_is_rounded_too(figures, partner, client_for,
                                                         django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    from impact.models import ImpactReport

    with django_capture_on_commit_callbacks(execute=True):
        client_for(partner).post(reverse("impact:reports"), {
            "from_month": "2026-03", "to_month": "2026-04", "locality": figures["blackpool"].pk})
    report = ImpactReport.objects.get()
    with report.file.open("rb") as fh:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
    assert re.search(r"^Applications 15$", text, re.M), text
    assert "fewer than 5" in text
    assert not re.search(r"^Applications 14$", text, re.M)


def test_staff_see_the_exact_figures(figures, staff, client_for):
    staff.localities.clear()
    client = client_for(staff)
    place = {"locality": figures["blackpool"].pk}
    assert funnel_applications(csv_rows(client, from_month="2026-03", to_month="2026-04", **place)) == "14"
    assert funnel_applications(csv_rows(client, from_month="2026-04", to_month="2026-04", **place)) == "2"
    assert table_row(csv_rows(client), "By locality", "Wigan")[1] == "3"

"""Outcomes by priority group and equality characteristic, beside the whole cohort."""

import csv as csv_module
import io
import re

import pytest
from django.urls import reverse

from impact.selectors.figures import ImpactFilters
from reach.models import PriorityGroup
from reach.selectors import DIMENSIONS, group_outcomes, whole_cohort

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_usual_priority_groups():
    slugs = set(PriorityGroup.objects.values_list("slug", flat=True))
    assert {"care-leaver", "armed-forces-veteran", "carer-returning", "most-deprived-area", "neet-under-25",
            "over-50", "long-term-unemployed", "disabled"} <= slugs


def test_counts_by_priority_group_are_exact_and_hand_counted(reached):
    rows = {row.label: row for row in group_outcomes(filters=ImpactFilters(), dimension="priority_group")}
    leavers = rows["Care leaver"]
    assert leavers.counts["applications"] == 12 and leavers.counts["enrolled"] == 12
    assert leavers.counts["completed"] == 10 and leavers.counts["started_work"] == 7
    assert leavers.into_work == (7, 10) and leavers.retained_12 == (5, 6)
    assert rows["Armed forces veteran"].counts["started_work"] == 3
    assert set(rows) == {"Care leaver", "Armed forces veteran"}  # groups nobody is in are left out


def test_the_whole_cohort_counts_everyone_whatever_their_groups(reached):
    whole = whole_cohort(filters=ImpactFilters())
    assert whole.counts["applications"] == 21 and whole.counts["started_work"] == 10
    assert whole.into_work == (10, 13)


def test_an_equality_characteristic_groups_its_answers_with_not_answered_last(reached):
    rows = group_outcomes(filters=ImpactFilters(), dimension="ethnic_group")
    assert [row.label for row in rows] == ["White: English, Welsh, Scottish, Northern Irish or British",
                                           "White: Roma", "Not answered"]
    assert [row.counts["applications"] for row in rows] == [18, 2, 1]


def test_filters_narrow_the_groups_like_the_dashboard(reached, other_locality):
    rows = group_outcomes(filters=ImpactFilters(locality_id=other_locality.pk), dimension="priority_group")
    assert rows == []


# --- The page: who sees what ------------------------------------------------------------------------

def _numbers(html: str) -> list[int]:
    cells = re.findall(r'<td class="text-end[^"]*">([^<]*)</td>', html)
    return [int(c.replace(",", "")) for c in cells if c.replace(",", "").isdigit()]


def test_staff_see_priority_groups_exactly(client_for, staff, reached):
    page = client_for(staff).get(reverse("reach:outcomes")).content.decode()
    table = page.split('data-testid="outcomes-priority_group"')[1].split("</table>")[0]
    assert "Armed forces veteran" in table
    assert 3 in _numbers(table) and 7 in _numbers(table)
    assert "70%" in table  # 7 of 10 care-leaver completers into work, exact


def test_ordinary_staff_see_equality_breakdowns_only_through_the_partner_rule(client_for, staff, reached):
    page = client_for(staff).get(reverse("reach:outcomes")).content.decode()
    table = page.split('data-testid="outcomes-ethnic_group"')[1].split("</table>")[0]
    assert not [n for n in _numbers(table) if 0 < n < 5]
    assert "White: Roma" in table


def test_the_equality_officer_sees_equality_breakdowns_exactly(client_for, equality_officer, reached):
    page = client_for(equality_officer).get(reverse("reach:outcomes")).content.decode()
    table = page.split('data-testid="outcomes-ethnic_group"')[1].split("</table>")[0]
    assert 2 in _numbers(table)


@pytest.mark.parametrize("query", ["", "?locality=1", "?from_month=2026-03&to_month=2026-03", "?programme=1",
                                   "?cohort=1", "?provider=1", "?order=-applications", "?dimension=ethnic_group"])
def test_a_partner_never_gets_a_count_under_5_by_any_filter(client_for, partner, reached, query):
    page = client_for(partner).get(reverse("reach:outcomes") + query).content.decode()
    numbers = _numbers(page)
    assert numbers, "the page shows figures"
    # Every count a partner gets is a multiple of 5 (1-4 shown as words), so no difference of two is 1 to 4.
    assert not [n for n in numbers if n % 5]
    assert "Armed forces veteran" in page  # the group is listed, its small counts are not
    csv = client_for(partner).get(reverse("reach:outcomes_csv") + query).content.decode()
    cells = [cell for row in csv_module.reader(io.StringIO(csv)) for cell in row]
    csv_numbers = [int(c.replace(",", "")) for c in cells if c.replace(",", "").isdigit()]
    assert csv_numbers
    assert not [n for n in csv_numbers if n % 5]


def test_partners_see_every_dimension_and_no_learner(client_for, partner, reached):
    page = client_for(partner).get(reverse("reach:outcomes")).content.decode()
    for dimension in DIMENSIONS:
        assert f'data-testid="outcomes-{dimension}"' in page
    for application in reached["started"]:
        assert application.learner.full_name not in page
    assert "/learners/" not in page


@pytest.mark.parametrize("who", ["provider_user", "learner"])
def test_providers_and_learners_are_refused_the_outcomes(request, client_for, who):
    user = request.getfixturevalue(who)
    user = user.user if hasattr(user, "user") else user
    assert client_for(user).get(reverse("reach:outcomes")).status_code == 403
    assert client_for(user).get(reverse("reach:outcomes_csv")).status_code == 403


def test_the_outcomes_page_runs_the_same_number_of_queries_however_many_learners(client_for, partner, reached):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.impact import application_at
    from tests.factories.reach import LearnerPriorityGroupFactory, priority_group

    client = client_for(partner)
    client.get(reverse("reach:outcomes"))  # the first request after signing in may refresh the session
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("reach:outcomes"))
    for _ in range(5):
        application = application_at("completed", cohort=reached["cohort"])
        LearnerPriorityGroupFactory(learner=application.learner, group=priority_group("over-50"))
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("reach:outcomes"))
    assert len(second) == len(first)


# --- The same tables on the impact dashboard ----------------------------------------------------------

def _table(page: str, key: str) -> str:
    return page.split(f'data-testid="outcomes-{key}"')[1].split("</table>")[0]


def test_the_dashboard_shows_every_group_table_for_partners_rounded(client_for, partner, reached):
    page = client_for(partner).get(reverse("impact:dashboard")).content.decode()
    assert 'data-testid="dashboard-groups"' in page
    for dimension in DIMENSIONS:
        assert not [n for n in _numbers(_table(page, dimension)) if n % 5]
    assert "Armed forces veteran" in _table(page, "priority_group")


def test_the_dashboards_kept_copy_never_gives_ordinary_staff_the_officers_exact_equality_figures(
        client_for, staff, equality_officer, reached, settings):
    settings.IMPACT_FIGURES_CACHE_SECONDS = 300
    officer_page = client_for(equality_officer).get(reverse("impact:dashboard")).content.decode()
    assert 2 in _numbers(_table(officer_page, "ethnic_group"))  # two White Roma applicants, exact
    staff_page = client_for(staff).get(reverse("impact:dashboard")).content.decode()
    assert not [n for n in _numbers(_table(staff_page, "ethnic_group")) if n % 5]
    assert 3 in _numbers(_table(staff_page, "priority_group"))  # priority groups stay exact for staff

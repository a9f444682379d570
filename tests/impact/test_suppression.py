"""Small cells: what partners see (and staff do not lose)."""

from impact.selectors.figures import ImpactFilters, impact_figures
from impact.suppression import Cell, count_cell, measure_cell, rate_cell
from impact.tables import impact_tables


def partner_tables(filters=None):
    return impact_tables(impact_figures(filters=filters or ImpactFilters()), suppress=True)


def row(table, key):
    return next(r for r in table.rows if r.key == key)


def test_counts_of_one_to_four_are_fewer_than_five_and_others_are_rounded_to_five():
    assert [count_cell(n, suppress=True).display for n in (0, 1, 4, 5, 7, 8, 12, 1234)] == [
        "0", "fewer than 5", "fewer than 5", "5", "5", "10", "10", "1,235"]


def test_staff_counts_are_exact():
    assert [count_cell(n, suppress=False).display for n in (3, 7, 12)] == ["3", "7", "12"]


def test_a_partner_rate_is_a_whole_percentage_of_the_exact_counts_hidden_under_ten_people():
    assert rate_cell(7, 12, suppress=True).display == "58%"   # 7/12, not the rounded 5/10
    assert rate_cell(8, 9, suppress=True).display == "suppressed"
    assert rate_cell(3, 40, suppress=True).display == "suppressed"
    assert rate_cell(8, 10, suppress=True).display == "80%"
    assert rate_cell(7, 12, suppress=False).display == "58.3%"


def test_an_average_of_fewer_than_ten_people_is_suppressed_for_partners():
    assert measure_cell(4.2, 9, suppress=True).suppressed
    assert measure_cell(4.2, 10, suppress=True).display == "4.2"
    assert measure_cell(4.2, 2, suppress=False).display == "4.2"


def test_partner_funnel_hides_small_steps_and_rounds_the_rest(academy):
    tables = partner_tables()
    assert row(tables.funnel, "referred").cells[0].display == "fewer than 5"
    assert row(tables.funnel, "came_back").cells[0].display == "fewer than 5"
    assert row(tables.funnel, "completed").cells[0].display == "10"
    assert [c.display for c in row(tables.outcomes, "completers_into_jobs").cells[:3]] == ["80%", "10", "10"]
    assert row(tables.conversions, "came_back_of_referred").cells[0].display == "suppressed"


def test_partner_locality_total_is_rounded_on_its_own(academy, small_other_locality):
    tables = partner_tables()
    rows = {r.label: r for r in tables.by_locality.rows}
    started = tables.by_locality.columns.index("Started work")
    # Wigan's 3 job starts are hidden; Blackpool's 8 shows as 10 and the total of 11 as 10, so
    # Total - Blackpool gives 0, not 3.
    assert rows["Wigan"].cells[started].display == "fewer than 5"
    assert rows["Blackpool"].cells[started].display == "10"
    assert rows["Total"].cells[started].display == "10"


def test_partner_filtered_to_a_locality_sees_that_row_rounded(academy, small_other_locality):
    blackpool = academy["locality"]
    tables = partner_tables(ImpactFilters(locality_id=blackpool.pk))
    assert row(tables.funnel, "started_work").cells[0].display == "10"
    # Staff still see the true figure.
    staff = impact_tables(impact_figures(filters=ImpactFilters(locality_id=blackpool.pk)), suppress=False)
    assert row(staff.funnel, "started_work").cells[0].display == "8"


def test_chart_data_for_partners_carries_only_rounded_numbers(academy, small_other_locality):
    charts = partner_tables().charts
    values = charts["funnel"]["values"] + [v for s in charts["by_locality"]["series"] for v in s["values"]]
    values += [v for s in charts["trend"]["series"] for v in s["values"]]
    assert all(v is None or v % 5 == 0 for v in values)
    assert None in values


def test_suppressed_cells_keep_no_value_to_show():
    hidden = count_cell(2, suppress=True)
    assert hidden.value is None and isinstance(hidden, Cell)

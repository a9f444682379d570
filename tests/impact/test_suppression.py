"""Small cells: what partners see (and staff do not lose)."""

from impact.selectors import ImpactFilters, impact_figures
from impact.suppression import Cell, count_cell, measure_cell, rate_cell, secondary_suppress
from impact.tables import impact_tables


def partner_tables(filters=None):
    return impact_tables(impact_figures(filters=filters or ImpactFilters()), suppress=True)


def row(table, key):
    return next(r for r in table.rows if r.key == key)


def test_counts_of_one_to_four_are_shown_as_fewer_than_five():
    assert [count_cell(n, suppress=True).display for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]


def test_staff_counts_are_never_suppressed():
    assert count_cell(3, suppress=False).display == "3"


def test_a_rate_built_on_a_small_number_is_suppressed():
    assert rate_cell(3, 10, suppress=True).display == "suppressed"
    assert rate_cell(8, 4, suppress=True).display == "suppressed"
    assert rate_cell(8, 10, suppress=True).display == "80%"
    assert rate_cell(3, 10, suppress=False).display == "30%"


def test_an_average_of_fewer_than_five_people_is_suppressed():
    assert measure_cell(4.2, 4, suppress=True).suppressed
    assert measure_cell(4.2, 5, suppress=True).display == "4.2"


def test_a_lone_suppressed_cell_in_a_column_takes_the_next_smallest_with_it():
    rows = [{"n": count_cell(n, suppress=True)} for n in (3, 7, 40)]
    secondary_suppress(rows, ["n"])
    assert [r["n"].display for r in rows] == ["<5", "<5", "40"]


def test_two_suppressed_cells_need_no_secondary_suppression():
    rows = [{"n": count_cell(n, suppress=True)} for n in (3, 2, 40)]
    secondary_suppress(rows, ["n"])
    assert [r["n"].display for r in rows] == ["<5", "<5", "40"]


def test_partner_funnel_hides_small_steps_but_keeps_the_80_percent(academy):
    tables = partner_tables()
    assert row(tables.funnel, "referred").cells[0].display == "<5"
    assert row(tables.funnel, "came_back").cells[0].display == "<5"
    assert row(tables.funnel, "completed").cells[0].display == "10"
    assert [c.display for c in row(tables.outcomes, "completers_into_jobs").cells[:3]] == ["80%", "8", "10"]
    assert row(tables.conversions, "came_back_of_referred").cells[0].display == "suppressed"


def test_partner_locality_breakdown_cannot_be_undone_from_the_total(academy, small_other_locality):
    tables = partner_tables()
    rows = {r.label: r for r in tables.by_locality.rows}
    started = tables.by_locality.columns.index("Started work")
    # Wigan's 3 job starts are hidden; Blackpool's 8 is hidden too, or Total - Blackpool would give 3.
    assert rows["Wigan"].cells[started].display == "<5"
    assert rows["Blackpool"].cells[started].display == "<5"
    assert rows["Total"].cells[started].display == "11"


def test_partner_filtered_to_a_locality_sees_that_rows_secondary_suppression(academy, small_other_locality):
    blackpool = academy["locality"]
    tables = partner_tables(ImpactFilters(locality_id=blackpool.pk))
    assert row(tables.funnel, "started_work").cells[0].display == "<5"
    assert row(tables.outcomes, "completers_into_jobs").cells[0].display == "suppressed"
    # Staff still see the true figure.
    staff = impact_tables(impact_figures(filters=ImpactFilters(locality_id=blackpool.pk)), suppress=False)
    assert row(staff.funnel, "started_work").cells[0].display == "8"


def test_chart_data_for_partners_carries_no_small_numbers(academy, small_other_locality):
    charts = partner_tables().charts
    values = charts["funnel"]["values"] + [v for s in charts["by_locality"]["series"] for v in s["values"]]
    assert all(v is None or v == 0 or v >= 5 for v in values)
    assert None in values


def test_suppressed_cells_keep_no_value_to_show():
    hidden = count_cell(2, suppress=True)
    assert hidden.value is None and isinstance(hidden, Cell)


def test_parts_of_a_hidden_count_are_hidden_with_it(academy, small_other_locality):
    tables = partner_tables(ImpactFilters(locality_id=academy["locality"].pk))
    into_jobs = row(tables.outcomes, "completers_into_jobs")
    assert [c.display for c in into_jobs.cells[:3]] == ["suppressed", "<5", "<5"]

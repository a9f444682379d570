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


# Rule 4: down a funnel no step is shown larger than the step its people come from.

def _cells(**counts):
    return {key: count_cell(n, suppress=True) for key, n in counts.items()}


def test_a_step_inside_a_hidden_step_is_hidden_and_so_is_every_step_below_it():
    from impact.selectors.figures import FUNNEL_PARENTS
    from impact.suppression import funnel_consistent

    shown = funnel_consistent(_cells(applications=20, screened=3, accepted=18, enrolled=18, completed=0),
                              FUNNEL_PARENTS, suppress=True)
    assert [shown[k].display for k in ("applications", "screened", "accepted", "enrolled", "completed")] == [
        "20", "fewer than 5", "fewer than 5", "fewer than 5", "0"]
    assert shown["enrolled"].value is None and shown["enrolled"].raw == 18  # rates still use the exact count


def test_a_shown_step_is_never_larger_than_the_step_before_it():
    from impact.selectors.figures import FUNNEL_PARENTS
    from impact.suppression import funnel_consistent

    shown = funnel_consistent(_cells(enrolled=6, offered=8, started_work=8), FUNNEL_PARENTS, suppress=True)
    assert [shown[k].display for k in ("enrolled", "offered", "started_work")] == ["5", "5", "5"]


def test_staff_see_the_funnel_exactly_even_when_it_is_not_nested():
    from impact.selectors.figures import FUNNEL_PARENTS
    from impact.suppression import funnel_consistent

    cells = {k: count_cell(n, suppress=False) for k, n in (("screened", 3), ("accepted", 18), ("enrolled", 18))}
    assert funnel_consistent(cells, FUNNEL_PARENTS, suppress=False) == cells


def test_a_course_row_never_shows_screened_fewer_than_five_beside_enrolled_eighteen():
    from impact.selectors.figures import BREAKDOWN_STEPS
    from impact.tables import _breakdown

    counts = dict(zip(BREAKDOWN_STEPS, (20, 3, 18, 0, 18, 15, 12, 14, 11, 10), strict=True))
    table, _ = _breakdown([{"id": 1, "name": "Care Certificate", **counts}], key="by_programme",
                          caption="By programme", suppress=True, selected_id=None)
    course = {column: cell.display for column, cell in zip(table.columns, table.rows[0].cells, strict=True)}
    assert course["Screened"] == "fewer than 5"
    assert {course[c] for c in ("Accepted", "Enrolled", "Completed", "Started work")} == {"fewer than 5"}
    assert course["Applications"] == "20"
    total = {column: cell.display for column, cell in zip(table.columns, table.rows[-1].cells, strict=True)}
    assert total["Enrolled"] == "fewer than 5"  # the total row is a funnel too


def test_the_partner_dashboard_funnel_reads_downwards(academy, small_other_locality):
    from impact.selectors.figures import FUNNEL_PARENTS

    tables = partner_tables()
    cells = {r.key: r.cells[0] for r in tables.funnel.rows}
    for step, parent in FUNNEL_PARENTS.items():
        if cells[parent].suppressed:
            assert cells[step].suppressed or cells[step].value == 0, step
        elif cells[step].value is not None and cells[parent].value is not None:
            assert cells[step].value <= cells[parent].value, step

"""Turns raw figures into the tables a dashboard, a CSV or the printed report shows.

One place decides what each audience sees: `impact_tables(raw, suppress=...)`. Partners (and
printed reports) get suppressed tables; staff get them as they are. Templates, CSV and chart data
are all built from these tables, so nothing can leak through one and not the others.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from courses.models import Payer

from .models import PROGRESSION, SupportSpend
from .selectors.figures import (
    BREAKDOWN_STEPS,
    CONVERSIONS,
    COUNT_NAMES,
    DRILLDOWN_STAGES,
    DURATIONS,
    FOLLOW_UP_MONTHS,
    FUNNEL_LABELS,
    FUNNEL_PARENTS,
    FUNNEL_STEPS,
    SOURCE_STEPS,
    TREND_STEPS,
    RawFigures,
)
from .suppression import (
    Cell,
    count_cell,
    funnel_consistent,
    hide,
    measure_cell,
    parts_hidden_together,
    rate_cell,
)

PROVIDERS_ON_PAGE = 25

# The heading over each table's first column, the one naming its rows.
ROW_HEADINGS = {
    "funnel": "Step", "conversions": "Conversion", "durations": "Between", "outcomes": "Outcome",
    "retention": "Time after starting work", "support": "Spending", "wellbeing": "Measure",
    "satisfaction": "Who answered", "by_locality": "Locality", "by_programme": "Programme", "trend": "Month",
    "providers": "Provider", "by_source": "How they heard about the academy",
}

SHORT_LABELS = {
    "applications": "Applications", "screened": "Screened", "accepted": "Accepted", "referred": "Referred",
    "enrolled": "Enrolled", "completed": "Completed", "placed": "Placed", "interviewed": "Interviewed",
    "offered": "Offered", "started_work": "Started work",
}


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    drilldown: str | None = None  # funnel step staff can open


@dataclass
class Table:
    """A captioned table: the same object feeds the HTML table, the CSV and the chart."""

    key: str
    caption: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    # Long tables (one row per provider) show their first rows on the page; the CSV has them all.
    page_limit: int | None = None

    @property
    def row_heading(self) -> str:
        """What the first column (each row's label) lists, never the name of a figures column."""
        return ROW_HEADINGS.get(self.key, "Measure")

    @property
    def rows_on_page(self):
        return self.rows[: self.page_limit] if self.page_limit else self.rows

    def as_csv_rows(self):
        yield [self.caption]
        yield ["", *self.columns]
        for row in self.rows:
            yield [row.label, *[cell.display for cell in row.cells]]


@dataclass
class ImpactTables:
    suppressed: bool
    funnel: Table
    conversions: Table
    durations: Table
    outcomes: Table
    retention: Table
    support: Table
    wellbeing: Table
    satisfaction: Table
    by_locality: Table
    by_programme: Table
    trend: Table
    providers: Table | None
    charts: dict
    leaving: Table | None = None
    by_source: Table | None = None

    def all(self):
        return [t for t in (self.funnel, self.conversions, self.durations, self.outcomes, self.retention,
                            self.leaving, self.support, self.wellbeing, self.satisfaction, self.by_locality,
                            self.by_programme, self.by_source, self.trend, self.providers) if t is not None]

    def get(self, key):
        for table in self.all():
            if table.key == key:
                return table
        return None


def _subset(cell: Cell, *parents: Cell) -> Cell:
    """A count of people who are all inside `parents` is hidden when any parent is hidden."""
    return hide(cell) if any(p.suppressed for p in parents) and cell.raw else cell


def _name(key: str) -> Cell:
    """A text cell naming what a numerator or denominator counts."""
    return Cell(None, COUNT_NAMES.get(key, key))


RATE_COLUMNS = ["Rate", "Reached", "Out of", "Numerator: who is counted", "Denominator: out of whom"]


def _rate_row(key, label, num_key, den_key, num: Cell, den: Cell, *, suppress) -> Row:
    """A rate with the counts behind it and, named in words, what its numerator and denominator count."""
    if num.raw is None or den.raw is None:
        rate = Cell(None, "–")
    else:
        rate = rate_cell(num.raw, den.raw, suppress=suppress, cells=[num, den])
    return Row(key, label, [rate, num, den, _name(num_key), _name(den_key)])


def _money(value) -> str:
    return f"£{value:,.2f}"


def _breakdown(raw_rows, *, key, caption, suppress, selected_id):
    # Each row is a funnel of its own (a locality's, a course's): no step shown larger than its parent.
    rows = [{"id": r["id"], "name": r["name"], **funnel_consistent(
        {s: count_cell(r[s], suppress=suppress) for s in BREAKDOWN_STEPS}, FUNNEL_PARENTS, suppress=suppress)}
            for r in raw_rows]
    # The total is rounded on its own (impact.suppression), not added up from rounded rows.
    totals = {s: sum(r[s] for r in raw_rows) for s in BREAKDOWN_STEPS}
    table = Table(key, caption, [SHORT_LABELS[s] for s in BREAKDOWN_STEPS] + ["Started work per application"])
    for r in rows:
        rate = rate_cell(r["started_work"].raw, r["applications"].raw, suppress=suppress,
                         cells=[r["started_work"], r["applications"]])
        table.rows.append(Row(str(r["id"]), r["name"], [r[s] for s in BREAKDOWN_STEPS] + [rate]))
    total_row = funnel_consistent({s: count_cell(totals[s], suppress=suppress) for s in BREAKDOWN_STEPS},
                                  FUNNEL_PARENTS, suppress=suppress)
    total_cells = [total_row[s] for s in BREAKDOWN_STEPS]
    table.rows.append(Row("total", "Total", total_cells + [
        rate_cell(totals["started_work"], totals["applications"], suppress=suppress,
                  cells=[total_cells[0], total_cells[-1]])]))
    selected = next((r for r in rows if r["id"] == selected_id), None)
    return table, selected


# Each route's people come from the step before (a 12-month follow-up is of someone who started work).
SOURCE_PARENTS = {"completed": "applications", "started_work": "applications", "followed_up_12": "started_work",
                  "in_work_12": "followed_up_12"}
SOURCE_COLUMNS = ["Applications", "Completed", "Started work", "Followed up at 12 months", "In work at 12 months"]
# (numerator, denominator): each rate column says what it divides.
SOURCE_RATES = [("completed", "applications"), ("started_work", "applications"), ("in_work_12", "followed_up_12")]


def _by_source(raw_rows, *, suppress) -> Table:
    """Applications, completions, starts and 12-month retention per recruitment route (the toolkit: retention
    differs by route, 14% against 47%). Each row is a small funnel of its own, kept consistent for partners;
    rates come from the exact counts; the total is rounded on its own."""
    names = dict(zip(SOURCE_STEPS, SOURCE_COLUMNS, strict=True))
    table = Table("by_source", "By recruitment route (how applicants heard about the academy)",
                  SOURCE_COLUMNS + [f"{names[n]} ÷ {names[d].lower()}" for n, d in SOURCE_RATES])

    def cells_for(counts):
        cells = funnel_consistent({s: count_cell(counts[s], suppress=suppress) for s in SOURCE_STEPS},
                                  SOURCE_PARENTS, suppress=suppress)
        return [cells[s] for s in SOURCE_STEPS] + [
            rate_cell(cells[n].raw, cells[d].raw, suppress=suppress, cells=[cells[n], cells[d]])
            for n, d in SOURCE_RATES]

    for r in raw_rows:
        key = str(r["source_id"]) if r["source_id"] is not None else "none"
        table.rows.append(Row(key, r["source__name"] or "Not recorded", cells_for(r)))
    totals = {s: sum(r[s] for r in raw_rows) for s in SOURCE_STEPS}
    table.rows.append(Row("total", "Total", cells_for(totals)))
    return table


def impact_tables(raw: RawFigures, *, suppress: bool) -> ImpactTables:
    f = raw.filters
    steps = {**raw.funnel, **raw.retention}

    by_locality, _ = _breakdown(raw.by_locality, key="by_locality", caption="By locality (where the course ran)",
                                           suppress=suppress, selected_id=f.locality_id)
    by_programme, _ = _breakdown(raw.by_programme, key="by_programme", caption="By programme",
                                             suppress=suppress, selected_id=f.programme_id)

    # Funnel counts: with a locality or programme selected, these are that row of the breakdown,
    # rounded the same way (the same exact count always shows the same figure).
    funnel_cells: dict[str, Cell] = {}
    for key, _label in FUNNEL_STEPS:
        value = steps.get(key)
        funnel_cells[key] = count_cell(value, suppress=suppress) if value is not None else Cell(None, "not recorded")
    for key in ("followed_up_3", "followed_up_6", "followed_up_12"):
        funnel_cells[key] = count_cell(steps[key], suppress=suppress)
    # Subsets behind the conversion and outcome rates: each hidden with any count it is part of.
    subset_parents = {
        "enquiries_converted": ("enquiries",), "completed_and_interviewed": ("completed", "interviewed"),
        "completed_and_offered": ("completed", "offered"), "completed_and_started": ("completed", "started_work"),
        "interviewed_and_offered": ("interviewed", "offered"), "offered_and_started": ("offered", "started_work"),
        "enrolled_and_started": ("enrolled", "started_work"),
    }
    for key in subset_parents:
        value = steps.get(key)
        funnel_cells[key] = count_cell(value, suppress=suppress) if value is not None else Cell(None, "not recorded")
    # Down the funnel no step is shown larger than the step its people come from (impact.suppression, rule 4).
    funnel_cells = funnel_consistent(funnel_cells, FUNNEL_PARENTS, suppress=suppress)
    if suppress:
        # Counts that are part of a hidden count are hidden with it (no subtraction back to it).
        for key in ("followed_up_3", "followed_up_6", "followed_up_12"):
            funnel_cells[key] = _subset(funnel_cells[key], funnel_cells["started_work"])
        for key, parents in subset_parents.items():
            funnel_cells[key] = _subset(funnel_cells[key], *(funnel_cells[p] for p in parents))

    funnel = Table("funnel", "The funnel: how many reached each step", ["People (applications)"])
    for key, label in FUNNEL_STEPS:
        funnel.rows.append(Row(key, label, [funnel_cells[key]],
                               drilldown=key if key in DRILLDOWN_STAGES else None))

    conversions = Table("conversions", "Conversion between steps, with the numbers behind each rate",
                        RATE_COLUMNS)
    for num, den, label in CONVERSIONS:
        conversions.rows.append(_rate_row(f"{num}_of_{den}", label, num, den, funnel_cells[num], funnel_cells[den],
                                          suppress=suppress))

    durations = Table("durations", "Median time between stages (days)", ["Median days", "People"])
    for key, label, _s, _e in DURATIONS:
        n = raw.funnel[f"n_{key}"]
        people = count_cell(n, suppress=suppress)
        durations.rows.append(Row(key, label, [measure_cell(raw.funnel[f"median_{key}"], n, suppress=suppress,
                                                            cells=[people]), people]))

    # The figures as the academies define them (Fylde Coast: "110 completed and 75 were offered
    # employment, 68%"; Leeds: "80% into jobs"): each over completers; starts over enrolments apart.
    outcomes = Table("outcomes", "Outcomes, as the academies define them", RATE_COLUMNS)
    completers = funnel_cells["completed"]
    outcomes.rows.append(Row("completers", "Completed the course",
                             [Cell(None, ""), completers, Cell(None, ""), _name("completed"), Cell(None, "")]))
    outcomes.rows.append(_rate_row("completers_offered", "Completers offered a job", "completed_and_offered",
                                   "completed", funnel_cells["completed_and_offered"], completers, suppress=suppress))
    outcomes.rows.append(_rate_row("completers_into_jobs", "Completers who started work (into care jobs)",
                                   "completed_and_started", "completed", funnel_cells["completed_and_started"],
                                   completers, suppress=suppress))
    outcomes.rows.append(_rate_row("starts_over_enrolments", "Job starts over enrolments", "enrolled_and_started",
                                   "enrolled", funnel_cells["enrolled_and_started"], funnel_cells["enrolled"],
                                   suppress=suppress))
    g_done = _subset(count_cell(raw.funnel["guaranteed_completed"], suppress=suppress), completers)
    g_int = _subset(count_cell(raw.funnel["guaranteed_interviewed"], suppress=suppress), completers)
    outcomes.rows.append(_rate_row("guaranteed_interviews", "Guaranteed interviews honoured (completers interviewed)",
                                   "guaranteed_interviewed", "guaranteed_completed", g_int, g_done, suppress=suppress))
    n_start = raw.funnel["n_offered_to_started"]
    n_start_cell = count_cell(n_start, suppress=suppress)
    outcomes.rows.append(Row("offer_to_start", "Median days from job offer to start",
                             [measure_cell(raw.funnel["median_offered_to_started"], n_start, suppress=suppress,
                                           cells=[n_start_cell]), n_start_cell, Cell(None, ""),
                              Cell(None, "People with an offer and a start"), Cell(None, "")]))
    if raw.qualifications is not None:
        learners_q = count_cell(raw.qualifications["learners_qualified"], suppress=suppress)
        outcomes.rows.append(Row("qualifications", "Qualifications gained on the course (learners with one)",
                                 [count_cell(raw.qualifications["awards"], suppress=suppress), learners_q,
                                  funnel_cells["enrolled"], Cell(None, "Learners with a qualification"),
                                  Cell(None, COUNT_NAMES["enrolled"])]))
    else:
        outcomes.rows.append(Row("qualifications", "Qualifications gained on the course",
                                 [Cell(None, "not recorded yet"), Cell(None, ""), Cell(None, ""), Cell(None, ""),
                                  Cell(None, "")]))

    retention = Table("retention", "Still in work after starting (of those followed up)",
                      ["In work", "With the same employer", "Followed up", "In work rate", "Same employer rate"])
    for month in FOLLOW_UP_MONTHS:
        in_work = funnel_cells[f"in_work_{month}"]
        same = _subset(count_cell(raw.retention[f"same_employer_{month}"], suppress=suppress), in_work)
        followed = funnel_cells[f"followed_up_{month}"]
        retention.rows.append(Row(f"month_{month}", f"{month} months", [
            in_work, same, followed,
            rate_cell(in_work.raw, followed.raw, suppress=suppress, cells=[in_work, followed]),
            rate_cell(same.raw, followed.raw, suppress=suppress, cells=[same, followed]),
        ]))

    # Why people left, and how they progressed: counts per follow-up month (of those followed up).
    leaving = Table("leaving", "Why people left the job they started, and how they progressed",
                    [f"{m} months" for m in FOLLOW_UP_MONTHS])
    by_reason: dict[str, dict[int, int]] = {}
    for r in raw.extra.get("leaving_reasons", []):
        by_reason.setdefault(r["leaving_reason__name"], {})[r["month"]] = r["n"]
    for name, months in by_reason.items():
        leaving.rows.append(Row(f"reason_{name}", f"Left: {name}", [
            _subset(count_cell(months.get(m, 0), suppress=suppress), funnel_cells[f"followed_up_{m}"])
            for m in FOLLOW_UP_MONTHS]))
    for name, label in PROGRESSION:
        leaving.rows.append(Row(f"progression_{name}", f"Progressed: {label.lower()}", [
            _subset(count_cell(raw.retention.get(f"{name}_{m}", 0), suppress=suppress), funnel_cells[f"followed_up_{m}"])
            for m in FOLLOW_UP_MONTHS]))
    if not by_reason:
        leaving.note = "no one followed up has left their job yet"

    support = Table("support", "Cost of support (travel, childcare, clothing, lunch) and bursaries, and who paid",
                    ["Amount", "People behind it"])
    money = raw.support

    def amount_cell(value, people: int, *people_cells) -> Cell:
        if not people:
            return Cell(Decimal("0"), _money(Decimal("0"))) if value is not None else Cell(None, "–")
        return measure_cell(value, people, suppress=suppress, fmt="£{:,.2f}", cells=list(people_cells))

    supported = money["learners_supported"] or 0
    supported_cell = count_cell(supported, suppress=suppress)
    paid_bursary = money["learners_paid_bursary"] or 0
    paid_bursary_cell = count_cell(paid_bursary, suppress=suppress)
    reached = money["learners_reached"] or 0
    reached_cell = count_cell(reached, suppress=suppress)
    started_cell, enrolled_cell = funnel_cells["started_work"], funnel_cells["enrolled"]
    cost = money["cost_total"]
    starts, enrolled = raw.funnel["started_work"], raw.funnel["enrolled"]

    def per(denominator: int, denominator_cell: Cell) -> Cell:
        # Hidden from partners when the people it divides, or those the money went to, are too few.
        return measure_cell(cost / denominator if denominator and reached else None, denominator, suppress=suppress,
                            fmt="£{:,.2f}", cells=[denominator_cell, reached_cell])

    support.rows.extend([
        Row("total", "Support spent", [amount_cell(money["total"], supported, supported_cell), supported_cell]),
        Row("bursaries", "Bursaries paid", [amount_cell(money["bursaries"], paid_bursary, paid_bursary_cell),
                                            paid_bursary_cell]),
        Row("cost_total", "Total cost: support and bursaries", [amount_cell(cost, reached, reached_cell),
                                                                reached_cell]),
        Row("per_learner", "Per learner given support or a bursary", [per(reached, reached_cell), reached_cell]),
        Row("per_job_start", "Per job start", [per(starts, started_cell), started_cell]),
        Row("per_enrolled", "Per learner enrolled", [per(enrolled, enrolled_cell), enrolled_cell]),
    ])
    # Each part of the money (a kind of support, a payer) is shown to partners only when 10 learners make
    # that part up, and never as the one hidden part of a shown total (impact.suppression, rule 5).
    def parts(prefix: str, choices, labels) -> list[Row]:
        people = [money[f"learners_{prefix}{value}"] or 0 for value, _label in choices]
        people_cells = [count_cell(n, suppress=suppress) for n in people]
        amounts = [amount_cell(money[f"{prefix}{value}"], n, people_cell) if n else Cell(None, "–")
                   for (value, _label), n, people_cell in zip(choices, people, people_cells, strict=True)]
        if suppress:
            amounts = parts_hidden_together(amounts, [money[f"{prefix}{value}"] for value, _label in choices])
        return [Row(f"{prefix}{value}", labels(value, label), [amount, people_cell])
                for (value, label), amount, people_cell in zip(choices, amounts, people_cells, strict=True)]

    support.rows.extend(parts("category_", SupportSpend.Category.choices,
                              lambda value, label: f"Support: {label.lower()}"))
    support.rows.extend(parts("paid_by_", Payer.choices, lambda value, label: "Paid by " + (
        "Jobcentre Plus" if value == Payer.JOBCENTRE_PLUS else label.lower())))

    wellbeing = Table("wellbeing", "Resilience before and after the course (score 6 to 30)",
                      ["Figure", "People"])
    w = raw.wellbeing
    pairs = w["pairs"]
    pairs_cell = count_cell(pairs, suppress=suppress)
    change = (w["average_end"] - w["average_start"]) if pairs else None
    pct = (100 * change / w["average_start"]) if pairs and w["average_start"] else None
    improved = count_cell(w["improved"], suppress=suppress)
    wellbeing.rows.extend([
        Row("average_start", "Average at the start", [measure_cell(w["average_start"], pairs, suppress=suppress,
                                                                   cells=[pairs_cell]), pairs_cell]),
        Row("average_end", "Average at the end", [measure_cell(w["average_end"], pairs, suppress=suppress,
                                                               cells=[pairs_cell]), pairs_cell]),
        Row("change", "Average change", [measure_cell(change, pairs, suppress=suppress, fmt="{:+.1f}",
                                                      cells=[pairs_cell]), pairs_cell]),
        Row("change_percent", "Change in resilience", [measure_cell(pct, pairs, suppress=suppress, fmt="{:+.0f}%",
                                                                    cells=[pairs_cell]), pairs_cell]),
        Row("improved", "Learners whose resilience rose", [
            rate_cell(improved.raw, pairs, suppress=suppress, cells=[improved, pairs_cell]), improved]),
    ])

    satisfaction = Table("satisfaction", "Satisfaction (1 = very unhappy, 5 = very happy)",
                         ["Average", "Responses"])
    s = raw.satisfaction
    for who in ("learner", "provider"):
        n_cell = count_cell(s[f"{who}_responses"], suppress=suppress)
        satisfaction.rows.append(Row(who, "Learners" if who == "learner" else "Care providers", [
            measure_cell(s[f"{who}_average"], s[f"{who}_responses"], suppress=suppress, fmt="{:.1f} / 5",
                         cells=[n_cell]), n_cell]))

    trend = Table("trend", "Month by month (events in each month)", [SHORT_LABELS[s] for s in TREND_STEPS])
    trend_rows = [{"month": m["month"], **{s: count_cell(m[s], suppress=suppress) for s in TREND_STEPS}}
                  for m in raw.trend]
    for m in trend_rows:
        trend.rows.append(Row(m["month"].isoformat(), f"{m['month']:%b %Y}", [m[s] for s in TREND_STEPS]))

    providers = None
    if raw.providers is not None:
        providers = Table("providers", "Vacancies filled through the academy, by provider",
                          ["Job starts", "People"], page_limit=PROVIDERS_ON_PAGE)
        provider_rows = [{"p": p, "filled": count_cell(p["filled"], suppress=suppress),
                          "people": count_cell(p["people"], suppress=suppress)} for p in raw.providers]
        for r in provider_rows:
            providers.rows.append(Row(str(r["p"]["provider_id"]), r["p"]["provider__name"], [r["filled"], r["people"]]))
        if len(providers.rows) > PROVIDERS_ON_PAGE:
            providers.note = f"the {PROVIDERS_ON_PAGE} providers who filled most; all {len(providers.rows)} in the CSV"

    charts = {
        "suppressed": suppress,
        # A hidden step keeps its bar's place and says why it has no bar.
        "funnel": {"labels": [FUNNEL_LABELS[k] + (f" ({funnel_cells[k].display})" if funnel_cells[k].suppressed else "")
                              for k, _ in FUNNEL_STEPS if funnel_cells[k].display != "not recorded"],
                   "values": [funnel_cells[k].value for k, _ in FUNNEL_STEPS if funnel_cells[k].display != "not recorded"]},
        "trend": {"labels": [row.label for row in trend.rows],
                  "series": [{"label": SHORT_LABELS[s], "values": [row.cells[i].value for row in trend.rows]}
                             for i, s in enumerate(TREND_STEPS)]},
        "by_locality": _chart_breakdown(by_locality),
        "by_programme": _chart_breakdown(by_programme),
    }
    by_source = _by_source(getattr(raw, "by_source", []), suppress=suppress)  # older cached figures have none
    return ImpactTables(suppress, funnel, conversions, durations, outcomes, retention, support, wellbeing,
                        satisfaction, by_locality, by_programme, trend, providers, charts, leaving, by_source)


def _chart_breakdown(table: Table) -> dict:
    rows = [r for r in table.rows if r.key != "total"]
    wanted = ["Applications", "Completed", "Started work"]
    return {
        "labels": [r.label for r in rows],
        "series": [{"label": col, "values": [r.cells[table.columns.index(col)].value for r in rows]}
                   for col in wanted],
    }

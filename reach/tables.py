"""Outcomes by group and headline figures as they will be shown, through impact's small-number rule.

Partners always get the partner rule (impact.suppression: small counts hidden, others rounded, rates from
exact counts). Staff see priority-group figures exactly; equality breakdowns are exact only for the
equality-data role, every other staff member gets them through the partner rule too, so no filter
narrows a characteristic down to a person.
"""

from dataclasses import dataclass, field

from impact.suppression import Cell, count_cell, measure_cell, rate_cell

from .selectors import (
    DIMENSIONS,
    GROUP_STEPS,
    HEADLINES,
    PRIORITY_DIMENSION,
    GroupRow,
    quarter_label,
)

COLUMNS = [(key, label) for key, label, _stage in GROUP_STEPS] + [
    ("into_work_rate", "Completers into work"), ("retained_12_rate", "In work at 12 months (of those followed up)"),
]


@dataclass
class OutcomeRow:
    label: str
    cells: dict  # column key -> Cell

    @property
    def ordered(self) -> list[Cell]:
        return [self.cells[key] for key, _label in COLUMNS]


@dataclass
class OutcomeTable:
    key: str
    title: str
    suppressed: bool
    rows: list = field(default_factory=list)  # OutcomeRow, whole cohort first

    @property
    def columns(self):
        return COLUMNS

    def as_csv_rows(self) -> list[list]:
        out = [[self.title], ["Group", *[label for _key, label in COLUMNS]]]
        out += [[row.label, *[cell.display for cell in row.ordered]] for row in self.rows]
        return out


def _cells(row: GroupRow, *, suppress: bool) -> dict[str, Cell]:
    cells = {key: count_cell(row.counts[key], suppress=suppress) for key, _label, _stage in GROUP_STEPS}
    cells["into_work_rate"] = rate_cell(*row.into_work, suppress=suppress)
    cells["retained_12_rate"] = rate_cell(*row.retained_12, suppress=suppress)
    return cells


def outcome_table(*, dimension: str, whole: GroupRow, rows: list[GroupRow], suppress: bool) -> OutcomeTable:
    table = OutcomeTable(key=dimension, title=f"Outcomes by {DIMENSIONS[dimension].lower()}", suppressed=suppress)
    table.rows = [OutcomeRow(whole.label, _cells(whole, suppress=suppress))]
    table.rows += [OutcomeRow(row.label, _cells(row, suppress=suppress)) for row in rows]
    return table


def suppress_dimension(dimension: str, *, staff: bool, equality_officer: bool) -> bool:
    if not staff:
        return True
    return dimension != PRIORITY_DIMENSION and not equality_officer


@dataclass
class Tile:
    key: str
    label: str
    total: Cell
    quarters: list  # [(label, Cell)], oldest first


def headline_tiles(quarters: list[dict], *, suppress: bool) -> list[Tile]:
    """One tile per headline: the four quarters together, and each quarter for its small chart."""
    labels = [quarter_label(q["start"]) for q in quarters]
    tiles = []
    for key, label in HEADLINES:
        if key == "cost_per_job_start":
            def cost(spend, started):
                value = round(spend / started) if spend is not None and started else None
                return measure_cell(value, started, suppress=suppress, fmt="£{:,}")
            total = cost(sum((q["spend"] or 0) for q in quarters) or None, sum(q["started"] for q in quarters))
            per_quarter = [cost(q["spend"], q["started"]) for q in quarters]
        else:
            total = count_cell(sum(q[key] for q in quarters), suppress=suppress)
            per_quarter = [count_cell(q[key], suppress=suppress) for q in quarters]
        tiles.append(Tile(key=key, label=label, total=total, quarters=list(zip(labels, per_quarter, strict=True))))
    return tiles


def tiles_chart_data(tiles: list[Tile]) -> dict:
    """What static/js/reach_charts.js draws: only the values this audience may see (None when hidden)."""
    return {tile.key: {"label": tile.label, "labels": [label for label, _cell in tile.quarters],
                       "values": [_plain(cell.value) for _label, cell in tile.quarters]} for tile in tiles}


def _plain(value):
    return float(value) if value is not None and not isinstance(value, int) else value

"""Small-cell suppression: what partners may see.

The rule (also shown on the dashboard, see templates/impact/_suppression_note.html):

1. Primary: any count of 1 to 4 people is shown as "<5". Zero is shown as 0.
2. Derived: a rate, average, median or per-person figure is shown only when every count it is
   built on is shown *and* describes at least 5 people; otherwise it is "suppressed".
3. Secondary (back-calculation): a breakdown table (by locality, programme or month) comes with a
   total. If a column has exactly one primary-suppressed cell, the smallest other non-zero cell in
   that column is suppressed too, so the hidden value cannot be found by subtracting the others
   from the total. When a partner filters to one locality or programme, the funnel shows exactly
   the cells of that row of the breakdown, suppressed the same way, so the filtered view cannot be
   used to undo the secondary suppression either.
4. Partners filter by whole months, locality and programme only (no cohort or provider filter,
   no drill-down), which keeps every figure at a level that describes groups, not people.

Staff see every figure as it is (their audience is "staff").
"""

from dataclasses import dataclass, field
from decimal import Decimal

THRESHOLD = 5
SUPPRESSED_COUNT = "<5"
SUPPRESSED_DERIVED = "suppressed"


@dataclass
class Cell:
    """One figure as it will be shown: `value` is None when hidden from this audience."""

    value: float | int | Decimal | None
    display: str
    suppressed: bool = False
    raw: float | int | Decimal | None = field(default=None, repr=False)

    def __str__(self):
        return self.display


def is_small(n: int | None) -> bool:
    return n is not None and 0 < n < THRESHOLD


def count_cell(n: int, *, suppress: bool) -> Cell:
    n = n or 0
    if suppress and is_small(n):
        return Cell(None, SUPPRESSED_COUNT, True, raw=n)
    return Cell(n, f"{n:,}", raw=n)


def hide(cell: Cell) -> Cell:
    """Secondary suppression of a cell that would otherwise be shown."""
    if cell.suppressed:
        return cell
    return Cell(None, SUPPRESSED_COUNT, True, raw=cell.raw)


def _any_hidden(counts, cells, suppress) -> bool:
    if not suppress:
        return False
    if any(c is not None and c.suppressed for c in cells):
        return True
    return any(n is None or n < THRESHOLD for n in counts)


def rate_cell(numerator: int, denominator: int, *, suppress: bool, cells=()) -> Cell:
    """numerator / denominator as a percentage, with the numbers behind it kept alongside."""
    numerator, denominator = numerator or 0, denominator or 0
    if denominator == 0:
        return Cell(None, "–", raw=None)
    if suppress and (is_small(numerator) or _any_hidden([denominator], cells, suppress)):
        return Cell(None, SUPPRESSED_DERIVED, True)
    pct = round(100 * numerator / denominator, 1)
    return Cell(pct, f"{pct:g}%", raw=pct)


def measure_cell(value, people: int, *, suppress: bool, fmt: str = "{:.1f}", cells=()) -> Cell:
    """An average, median or amount per person, built on `people` people."""
    if value is None or not people:
        return Cell(None, "–", raw=None)
    if _any_hidden([people], cells, suppress):
        return Cell(None, SUPPRESSED_DERIVED, True)
    return Cell(value, fmt.format(value), raw=value)


def secondary_suppress(rows: list[dict], columns: list[str]) -> None:
    """In place: for each column with exactly one suppressed cell, hide the next smallest too."""
    for column in columns:
        cells = [row[column] for row in rows if column in row]
        hidden = [c for c in cells if c.suppressed]
        if len(hidden) != 1:
            continue
        candidates = [c for c in cells if not c.suppressed and c.raw]
        if candidates:
            smallest = min(candidates, key=lambda c: c.raw)
            for row in rows:
                if row.get(column) is smallest:
                    row[column] = hide(smallest)
                    break

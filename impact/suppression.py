"""Small-number protection: the one rule for what partners see (issue #18).

For a PARTNER audience (`suppress=True`; printed reports are always partner-safe):

1. Counts: every count from 1 to 4 is shown as "fewer than 5"; every other count is rounded to
   the nearest 5 (0 stays 0, 7 shows as 5, 8 as 10). Totals are counts too, rounded on their own,
   so adding up rounded rows does not give the rounded total back exactly, and neither a total
   minus its rows nor one period minus an overlapping one recovers a count under 5.
2. Rates are computed from the EXACT counts and shown as whole percentages; a rate is hidden when
   its denominator is under 10 people, and also when its numerator is 1 to 4 (a whole percentage
   of a known-ish denominator would otherwise give that small count back).
3. Averages, medians and amounts per person are hidden when built on fewer than 10 people.
4. Down a funnel (`funnel_consistent`), a step is never shown larger than the step its people come
   from: when that earlier step is hidden ("fewer than 5"), a later step inside it is hidden too unless
   it is 0, and when the earlier step is shown, the later one shows at most the earlier one's figure.
   So "Screened: fewer than 5" never stands beside "Enrolled: 20": that contradicts itself, and when
   the later step's people are all inside the earlier one it gives away how many the earlier step
   really had. Rates are still worked out from the exact counts (rule 2).
5. Money is shown only when enough people make it up (rule 3): an amount paid by one payer, or spent on
   one kind of support, needs 10 learners behind that part itself, not just 10 in the total. And when
   the parts of a shown total leave exactly one part hidden (`parts_hidden_together`), the smallest shown
   part is hidden with it, so the total less the shown parts never gives one hidden part back.
6. Partners filter by whole months, locality and programme only (no cohort or provider filter, no
   drill-down to people), which keeps every figure at a level that describes groups, not people.

Staff see every figure exactly (rates to one decimal place). Every table, chart series and CSV
cell is a `Cell` made here, and pages, charts and exports print `display` / `value`, never `raw`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

THRESHOLD = 5          # counts 1..THRESHOLD-1 are "fewer than 5"
ROUND_TO = 5           # every other count a partner sees is rounded to a multiple of this
MIN_DENOMINATOR = 10   # rates and averages on fewer people than this are hidden from partners
SUPPRESSED_COUNT = "fewer than 5"
SUPPRESSED_DERIVED = "suppressed"


@dataclass
class Cell:
    """One figure as it will be shown: `value` is what a chart may plot (None when hidden),
    `display` what a page or CSV prints. `raw` is the exact figure, for computing rates only."""

    value: float | int | Decimal | None
    display: str
    suppressed: bool = False
    raw: float | int | Decimal | None = field(default=None, repr=False)

    def __str__(self):
        return self.display


def is_small(n: int | None) -> bool:
    return n is not None and 0 < n < THRESHOLD


def rounded(n: int) -> int:
    """n to the nearest multiple of ROUND_TO (halves cannot happen with whole numbers and 5)."""
    return int(ROUND_TO * round(n / ROUND_TO))


def partner_count(n: int | None) -> int | None:
    """The count a partner may see: None for 1-4, otherwise rounded to the nearest 5."""
    n = n or 0
    return None if is_small(n) else rounded(n)


def count_cell(n: int, *, suppress: bool) -> Cell:
    n = n or 0
    if not suppress:
        return Cell(n, f"{n:,}", raw=n)
    shown = partner_count(n)
    if shown is None:
        return Cell(None, SUPPRESSED_COUNT, True, raw=n)
    return Cell(shown, f"{shown:,}", raw=n)


def hide(cell: Cell) -> Cell:
    """Hides a cell that would otherwise be shown (a count inside a hidden count)."""
    if cell.suppressed:
        return cell
    return Cell(None, SUPPRESSED_COUNT, True, raw=cell.raw)


def funnel_consistent(cells: dict[str, Cell], parents: dict[str, str], *, suppress: bool) -> dict[str, Cell]:
    """Rule 4: the cells of one funnel made consistent step by step. `parents` maps a step to the step
    its people come from, listed so that a parent comes before its children. Staff cells are exact and
    left alone; a step whose parent was not recorded (no figure) is left alone too."""
    if not suppress:
        return cells
    cells = dict(cells)
    for step, parent in parents.items():
        child, above = cells.get(step), cells.get(parent)
        if child is None or above is None or child.suppressed or not child.value:
            continue
        if above.suppressed:
            cells[step] = hide(child)
        elif above.value is not None and child.value > above.value:
            cells[step] = Cell(above.value, above.display, raw=child.raw)
    return cells


def _any_hidden(cells) -> bool:
    return any(c is not None and c.suppressed for c in cells)


def rate_cell(numerator: int, denominator: int, *, suppress: bool, cells=()) -> Cell:
    """numerator / denominator as a percentage, from the exact counts."""
    numerator, denominator = numerator or 0, denominator or 0
    if denominator == 0:
        return Cell(None, "–", raw=None)
    if not suppress:
        pct = round(100 * numerator / denominator, 1)
        return Cell(pct, f"{pct:g}%", raw=pct)
    if denominator < MIN_DENOMINATOR or is_small(numerator) or _any_hidden(cells):
        return Cell(None, SUPPRESSED_DERIVED, True)
    pct = round(100 * numerator / denominator)
    return Cell(pct, f"{pct}%", raw=pct)


def measure_cell(value, people: int, *, suppress: bool, fmt: str = "{:.1f}", cells=()) -> Cell:
    """An average, median or amount per person, built on `people` people."""
    if value is None or not people:
        return Cell(None, "–", raw=None)
    if suppress and (people < MIN_DENOMINATOR or _any_hidden(cells)):
        return Cell(None, SUPPRESSED_DERIVED, True)
    return Cell(value, fmt.format(value), raw=value)


def parts_hidden_together(parts: list[Cell], amounts: list) -> list[Cell]:
    """Rule 5: `parts` (exact values in `amounts`) add up to a shown total; never leave exactly one non-zero
    part hidden (the total less the others would give it back): a lone hidden part takes the smallest shown
    non-zero part with it."""
    hidden = [i for i, cell in enumerate(parts) if cell.suppressed and amounts[i]]
    shown = [i for i, cell in enumerate(parts) if not cell.suppressed and amounts[i]]
    if len(hidden) != 1 or not shown:
        return parts
    smallest = min(shown, key=lambda i: amounts[i])
    return [Cell(None, SUPPRESSED_DERIVED, True) if i == smallest else cell for i, cell in enumerate(parts)]

"""Bar charts for the printed report, drawn as inline SVG on the server (a PDF runs no JavaScript).

They plot the same chart data the dashboard's Chart.js charts get (`ImpactTables.charts`), so the
report and the page can never disagree: a hidden figure (None) draws no bar and is written "fewer
than 5", every other bar is written with the figure a partner may see. The geometry is worked out
here; impact/_svg_bar_chart.html only writes it out.
"""

from dataclasses import dataclass, field

WIDTH = 500          # SVG user units; the chart is scaled to the page's width
LABEL_WIDTH = 200    # room for the category names, left of the bars
VALUE_ROOM = 70      # room right of the longest bar for its figure
BAR = 11             # height of one bar
GAP = 6              # space between categories
LEGEND = 16          # height of the legend line, when there is more than one series
PALETTE = ["#1f5f8b", "#2a9d8f", "#b8860b", "#c0504d"]  # dark enough for white paper in greyscale too


@dataclass
class Bar:
    series: str
    colour: str
    y: float
    width: float
    display: str
    text_x: float
    text_y: float


@dataclass
class Category:
    label: str
    label_x: float
    label_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class SvgBarChart:
    key: str
    title: str
    table_caption: str
    width: int
    height: float
    bar_x: int
    bar_height: int
    categories: list[Category]
    legend: list[tuple[str, str, float, float]]  # (series, colour, swatch x, text x)


def _display(value) -> str:
    return "fewer than 5" if value is None else f"{value:,}"


def bar_chart(*, key: str, title: str, table_caption: str, labels: list[str],
              series: list[dict]) -> SvgBarChart:
    """Horizontal bars: one group per label, one bar per series ({"label": ..., "values": [...]})."""
    values = [v for s in series for v in s["values"] if v is not None]
    top = max(values) if values and max(values) > 0 else 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / top
    y = LEGEND if len(series) > 1 else 0
    categories = []
    for i, label in enumerate(labels):
        group_height = BAR * len(series)
        category = Category(label=label, label_x=LABEL_WIDTH - 6, label_y=y + group_height / 2 + 3)
        for j, s in enumerate(series):
            value = s["values"][i]
            width = round(scale * value, 1) if value else 0
            category.bars.append(Bar(series=s["label"], colour=PALETTE[j % len(PALETTE)], y=y + j * BAR,
                                     width=width, display=_display(value),
                                     text_x=round(LABEL_WIDTH + width + 4, 1), text_y=y + j * BAR + 8))
        categories.append(category)
        y += group_height + GAP
    legend, x = [], LABEL_WIDTH
    if len(series) > 1:
        for j, s in enumerate(series):
            legend.append((s["label"], PALETTE[j % len(PALETTE)], x, x + 12))
            x += 14 + 7 * len(s["label"])
    return SvgBarChart(key=key, title=title, table_caption=table_caption, width=WIDTH, height=y,
                       bar_x=LABEL_WIDTH, bar_height=BAR - 2, categories=categories, legend=legend)


def report_charts(tables) -> list[SvgBarChart]:
    """The report's main charts: the funnel, job starts and applications by month, and by locality."""
    charts = tables.charts
    trend_wanted = {"Applications", "Started work"}
    # The funnel's steps named as in its table: the bar's own figure says when it is hidden.
    steps = [row.label for row in tables.funnel.rows if row.cells[0].display != "not recorded"]
    return [
        bar_chart(key="funnel", title="The funnel: how many people reached each step",
                  table_caption=tables.funnel.caption, labels=steps,
                  series=[{"label": "People", "values": charts["funnel"]["values"]}]),
        bar_chart(key="trend", title="Applications and job starts, month by month",
                  table_caption=tables.trend.caption, labels=charts["trend"]["labels"],
                  series=[s for s in charts["trend"]["series"] if s["label"] in trend_wanted]),
        bar_chart(key="by_locality", title="Applications, completions and job starts by locality",
                  table_caption=tables.by_locality.caption, labels=charts["by_locality"]["labels"],
                  series=charts["by_locality"]["series"]),
    ]

"""The printed report's opening page: its key figures and its charts, from the same tables and chart
data as the dashboard (always the partner rule, as the whole report is)."""

from django import template

from ..svg_charts import report_charts as build_report_charts

register = template.Library()

# (label, table, row, cell): the figures a board reads first, each one of the report's own cells.
KEY_FIGURES = [
    ("Applications", "funnel", "applications", 0),
    ("Enrolled on a course", "funnel", "enrolled", 0),
    ("Completed the course", "funnel", "completed", 0),
    ("Started work", "funnel", "started_work", 0),
    ("Completers into care jobs", "outcomes", "completers_into_jobs", 0),
    ("In work at 6 months, of those followed up", "retention", "month_6", 3),
]


def key_figures(tables) -> list[tuple[str, object]]:
    figures = []
    for label, table_key, row_key, index in KEY_FIGURES:
        table = tables.get(table_key)
        row = next((r for r in table.rows if r.key == row_key), None) if table else None
        if row is not None and index < len(row.cells):
            figures.append((label, row.cells[index]))
    return figures


@register.inclusion_tag("impact/_report_opening.html")
def report_opening(tables):
    return {"figures": key_figures(tables), "charts": build_report_charts(tables)}

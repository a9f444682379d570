"""Headline tiles for the impact dashboard and the printed report, so impact's views need no change:
the dashboard template loads this library and the tiles read its `filters` and `staff_view`."""

from django import template

from impact.selectors.figures import ImpactFilters

from ..selectors import DIMENSIONS, group_outcomes, headline_figures, whole_cohort
from ..tables import headline_tiles, outcome_table, suppress_dimension, tiles_chart_data

register = template.Library()


@register.inclusion_tag("reach/_headline_tiles.html", takes_context=True)
def dashboard_headlines(context):
    filters = context.get("filters") or ImpactFilters()
    staff = bool(context.get("staff_view"))
    tiles = headline_tiles(headline_figures(filters=filters), suppress=not staff)
    return {"tiles": tiles, "chart_data": tiles_chart_data(tiles), "query": context.get("query", ""),
            "staff_view": staff}


@register.inclusion_tag("reach/_headline_report.html")
def report_headlines(report):
    """The same headlines for a printed report: always the partner rule, as the report is."""
    filters = ImpactFilters(start=report.period_start, end=report.period_end, locality_id=report.locality_id)
    tiles = headline_tiles(headline_figures(filters=filters), suppress=True)
    for tile in tiles:
        numbers = [cell.value or 0 for _label, cell in tile.quarters]
        top = max(numbers) or 1
        tile.bars = [(label, cell, round(40 * (cell.value or 0) / top)) for label, cell in tile.quarters]
    return {"tiles": tiles}


@register.filter
def exact_equality_figures(user) -> bool:
    """Whether `user` sees the equality tables exact (the equality-data role), for the key of the
    dashboard's cached copy. The role is asked before any permission, so a partner's or an ordinary
    visitor's page reads no permission tables."""
    from equality.permissions import sees_exact_equality_figures

    return sees_exact_equality_figures(user)


@register.inclusion_tag("reach/_dashboard_groups.html", takes_context=True)
def dashboard_group_outcomes(context):
    """Outcomes by priority group and by each equality characteristic, beside the whole cohort, for the
    dashboard. Equality tables are exact only for the equality-data role (the template caches per role)."""
    from equality.permissions import sees_exact_equality_figures

    filters = context.get("filters") or ImpactFilters()
    staff = bool(context.get("staff_view"))
    request = context.get("request")
    officer = staff and request is not None and sees_exact_equality_figures(request.user)
    whole = whole_cohort(filters=filters)
    tables = [outcome_table(dimension=dimension, whole=whole, rows=group_outcomes(filters=filters, dimension=dimension),
                            suppress=suppress_dimension(dimension, staff=staff, equality_officer=officer))
              for dimension in DIMENSIONS]
    return {"groups_table": tables[0], "equality_tables": tables[1:], "query": context.get("query", "")}

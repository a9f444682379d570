"""Date filters for long lists (timelines), where the general `date` filter's format parser is a
noticeable part of rendering the page. The output is the same as the `date` filter's for en-GB."""

from django import template

register = template.Library()

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter(expects_localtime=True)
def day_month_year_time(value):
    """'3 Nov 2026, 14:05', as {{ value|date:"j M Y, H:i" }}."""
    if not value:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}, {value.hour:02d}:{value.minute:02d}"


@register.filter(expects_localtime=True)
def iso_datetime(value):
    """'2026-11-03T14:05:00+00:00', as {{ value|date:"c" }}: for <time datetime="...">."""
    return value.isoformat() if value else ""

"""The timeline's date filters print exactly what Django's `date` filter prints, in local time."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

DATES = Template('{{ at|date:"j M Y, H:i" }}|{{ at|date:"c" }}')
PORTAL = Template('{% load portal_dates %}{{ at|day_month_year_time }}|{{ at|iso_datetime }}')


@pytest.mark.parametrize("at", [
    # GMT and BST, single- and double-digit days and hours, every month, with and without microseconds
    *(datetime.datetime(2026, month, 1 + month, month + 5, 7 * month % 60, tzinfo=datetime.UTC)
      for month in range(1, 13)),
    datetime.datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2026, 10, 25, 1, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 6, 30, 23, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
])
def test_the_same_text_as_the_date_filter(at):
    assert PORTAL.render(Context({"at": at})) == DATES.render(Context({"at": at}))


def test_nothing_for_no_date():
    assert PORTAL.render(Context({"at": None})) == "|"

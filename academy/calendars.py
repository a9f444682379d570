"""iCalendar (.ics) files the portal hands out, so interviews and course sessions land in a phone's calendar.

The format is written by the icalendar library; this module holds what every calendar of ours shares:
the product id, UIDs that stay the same for one thing, times in Europe/London with the VTIMEZONE a
calendar needs to read them, and the download response.
"""

import datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar

LONDON = ZoneInfo("Europe/London")
PRODUCT_ID = "-//Care and Health Career Academy//Portal//EN"
# The right-hand side of every UID: ours, so a calendar never confuses our events with anyone else's.
UID_DOMAIN = "care-academy-portal"


def calendar_new(*, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: the file is something to add to a calendar, not an invitation to answer.
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(LONDON))
    return calendar


def event_uid(kind: str, *ids) -> str:
    """The same UID every time for one thing, so a calendar updates its event instead of adding another."""
    return "-".join([kind, *(str(i) for i in ids)]) + f"@{UID_DOMAIN}"


def london_time(moment: datetime.datetime) -> datetime.datetime:
    """A stored (UTC) moment as London wall-clock time, written with TZID=Europe/London."""
    return moment.astimezone(LONDON)


def calendar_bytes(calendar: Calendar) -> bytes:
    """The finished file: a VTIMEZONE for Europe/London covering the events' dates, when any are timed.

    Only the years around the events are described, to keep the file small for a phone.
    """
    dates = [component.DTSTART for component in calendar.walk("VEVENT") if component.DTSTART]
    timed = [d for d in dates if isinstance(d, datetime.datetime)]
    if timed:
        first, last = min(timed).date(), max(timed).date()
        calendar.add_missing_timezones(first_date=datetime.date(first.year - 1, 1, 1),
                                       last_date=datetime.date(last.year + 2, 1, 1))
    return calendar.to_ical()


def stamp() -> datetime.datetime:
    return timezone.now().astimezone(datetime.UTC)


def ics_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

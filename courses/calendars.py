"""A cohort's taught sessions as an iCalendar file, for learners' phones and staff diaries.

Sessions are recorded by day (CohortSession has a date, not a time), so each is an all-day event on
that date at the cohort's venue.
"""

import datetime

from icalendar import Event

from academy.calendars import calendar_bytes, calendar_new, event_uid, stamp

from .models import Cohort


def cohort_sessions_calendar(cohort: Cohort) -> bytes:
    """Every session of the cohort, in date order, each with a UID that stays the same for the session."""
    cohort = Cohort.objects.select_related("programme").get(pk=cohort.pk)
    calendar = calendar_new(name=f"{cohort.programme.name}: {cohort.name}")
    now = stamp()
    for session in cohort.sessions.order_by("date", "pk"):
        event = Event()
        event.add("uid", event_uid("cohort-session", session.pk))
        event.add("dtstamp", now)
        event.add("last-modified", session.updated_at)
        event.add("dtstart", session.date)
        event.add("dtend", session.date + datetime.timedelta(days=1))
        event.add("summary", f"{session.title} ({cohort.programme.name})")
        event.add("description", f"{cohort.name}: {session.title}.")
        event.add("location", cohort.venue)
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar_bytes(calendar)

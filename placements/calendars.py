"""An interview as an iCalendar file, for the learner's phone, the provider's diary and staff.

One booking keeps one UID from the first time it is booked: moving an interview (placements.interview_changes:
the old booking cancelled, a new one made on the same vacancy) and rebooking a cancelled one both give the
same UID with a higher SEQUENCE, so a calendar moves or cancels its event instead of adding a second one.
"""

from django.db.models import QuerySet
from icalendar import Event

from academy.calendars import calendar_bytes, calendar_new, event_uid, london_time, stamp
from academy.models import User
from learners.permissions import learners_visible_to
from providers.permissions import ANONYMOUS_LEARNER, provider_learner_view

from .models import Interview

CALL_OFF = {Interview.Outcome.CANCELLED, Interview.Outcome.WITHDRAWN}


def _interview_for_calendar(interview: Interview) -> Interview:
    """Read again, so a file attached to an email after commit shows the outcome as it now stands."""
    return (Interview.objects.select_related("slot__site", "vacancy", "provider", "application__learner")
            .get(pk=interview.pk))


def _booking_chain(interview: Interview) -> QuerySet:
    """Every booking of this learner's application for this job, the first booking first."""
    return Interview.objects.filter(application_id=interview.application_id,
                                    vacancy_id=interview.vacancy_id).order_by("pk")


def interview_uid(interview: Interview) -> str:
    return event_uid("interview", interview.application_id, interview.vacancy_id)


def interview_sequence(interview: Interview) -> int:
    """Two steps per booking in the chain (booked, then called off), so every change counts higher."""
    earlier = _booking_chain(interview).filter(pk__lt=interview.pk).count()
    return 2 * earlier + (1 if interview.outcome in CALL_OFF else 0)


def _learner_facing(interview: Interview, viewer) -> bool:
    if viewer is None:
        return True
    return (getattr(viewer, "is_authenticated", False) and viewer.role == User.Role.LEARNER
            and viewer.pk == interview.application.learner.user_id)


def _learner_label(interview: Interview, viewer) -> str:
    """The learner's name for staff who may see the learner and for a provider the rule lets see it;
    "a learner" for everyone else."""
    learner = interview.application.learner
    if not getattr(viewer, "is_authenticated", False):
        return ANONYMOUS_LEARNER
    if viewer.role == User.Role.STAFF:
        shown = learners_visible_to(viewer).filter(pk=learner.pk).exists()
    elif viewer.role == User.Role.PROVIDER and viewer.provider_id == interview.provider_id:
        shown = provider_learner_view(viewer.provider_id, learner).name
    else:
        shown = False
    return learner.full_name if shown else ANONYMOUS_LEARNER


def site_location(site) -> str:
    parts = [site.name, " ".join((site.address or "").split()), site.postcode]
    return ", ".join(part for part in parts if part)


def _what_happened(interview: Interview, *, for_learner: bool) -> str:
    if interview.outcome == Interview.Outcome.CANCELLED:
        return f"Cancelled by the academy: {interview.outcome_reason}"
    if interview.outcome == Interview.Outcome.WITHDRAWN:
        return "Cancelled." if not for_learner else "You cancelled this interview."
    return ""


def interview_event(interview: Interview, *, viewer=None) -> Event:
    slot, job, provider = interview.slot, interview.vacancy.role_title, interview.provider.name
    for_learner = _learner_facing(interview, viewer)
    if for_learner:
        summary = f"Interview: {job} at {provider}"
        lines = [f"Your interview for {job} at {provider}."]
    else:
        candidate = _learner_label(interview, viewer)
        summary = f"Interview: {candidate}, {job} at {provider}"
        lines = [f"Interview with {candidate} for {job} at {provider}."]
    if slot.interviewer:
        lines.append(f"Interviewer: {slot.interviewer}.")
    if happened := _what_happened(interview, for_learner=for_learner):
        lines.append(happened)
    elif for_learner:
        lines.append("If you cannot go, tell the academy as soon as you can.")
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("sequence", interview_sequence(interview))
    event.add("dtstamp", stamp())
    event.add("dtstart", london_time(slot.starts_at))
    event.add("dtend", london_time(slot.ends_at))
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    event.add("location", site_location(slot.site))
    event.add("status", "CANCELLED" if interview.outcome in CALL_OFF else "CONFIRMED")
    return event


def interview_calendar(interview: Interview, *, viewer=None) -> bytes:
    """The interview as an .ics file, as `viewer` may see it; viewer None is the learner's own version
    (the one attached to the learner's emails: booked, moved and cancelled)."""
    interview = _interview_for_calendar(interview)
    calendar = calendar_new(name="Interview")
    calendar.add_component(interview_event(interview, viewer=viewer))
    return calendar_bytes(calendar)

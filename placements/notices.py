"""What learners (and, when a learner cancels an interview, providers) are told about placements, interviews
and offers (through notifications.notify)."""

from django.utils import timezone

from learners.notices import learner_recipient, learner_values
from notifications.services import notify
from providers.notices import provider_recipient, provider_values
from providers.permissions import ANONYMOUS_LEARNER, provider_learner_view

from .calendars import interview_calendar
from .models import Interview, JobOffer, Placement

# Called as an interview email is sent, to attach the interview's calendar entry (.ics), if any.
INTERVIEW_CALENDAR_ATTACHMENT = "placements.notices.interview_calendar_attachment"


def interview_calendar_attachment(interview_id: int):
    """(filename, content, mimetype) of the interview's calendar entry (the learner's version), or None
    when the interview is gone by the time the email is sent (the email then goes without it)."""
    interview = Interview.objects.select_related("slot__site", "vacancy", "provider", "application__learner").filter(
        pk=interview_id).first()
    if interview is None:
        return None
    return ("interview.ics", interview_calendar(interview), "text/calendar")


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%A %d %B %Y at %H:%M}"


def _interview_values(interview: Interview) -> dict:
    site = interview.slot.site
    return {"job": f"{interview.vacancy.role_title} at {interview.provider.name}", "when": _when(interview.slot.starts_at),
            "place": ", ".join(part for part in (site.name, site.address, site.postcode) if part)}


def _interview(pk) -> Interview:
    return Interview.objects.select_related("slot__site", "vacancy", "provider", "application__learner").get(pk=pk)


def interview_booked_notify(*, interview: Interview) -> None:
    interview = _interview(interview.pk)
    learner = interview.application.learner
    if learner.erased_at is None:
        notify(event="interview_booked", about=f"interview:{interview.pk}", recipient=learner_recipient(learner),
               values={**learner_values(learner), **_interview_values(interview)},
               attachment_source=INTERVIEW_CALENDAR_ATTACHMENT, attachment_arg=interview.pk)


def interview_moved_notify(*, cancelled: Interview, moved: Interview, reason: str) -> None:
    cancelled, moved = _interview(cancelled.pk), _interview(moved.pk)
    learner = moved.application.learner
    if learner.erased_at is None:
        notify(event="interview_moved", about=f"interview:{moved.pk}", recipient=learner_recipient(learner),
               values={**learner_values(learner), **_interview_values(moved),
                       "old_when": _when(cancelled.slot.starts_at), "reason": reason},
               attachment_source=INTERVIEW_CALENDAR_ATTACHMENT, attachment_arg=moved.pk)


def interview_cancelled_notify(*, interview: Interview) -> None:
    interview = _interview(interview.pk)
    learner = interview.application.learner
    if learner.erased_at is None:
        # The calendar entry, now cancelled, takes the interview out of the learner's calendar.
        notify(event="interview_cancelled", about=f"interview:{interview.pk}", recipient=learner_recipient(learner),
               values={**learner_values(learner), **_interview_values(interview), "reason": interview.outcome_reason},
               attachment_source=INTERVIEW_CALENDAR_ATTACHMENT, attachment_arg=interview.pk)


def interview_cancelled_by_learner_notify(*, interview: Interview) -> None:
    """A learner cancelled their own interview: they get a confirmation, and the provider's contact hears
    the slot is free again. The provider is given the learner's name only if it may still see it
    (providers.permissions: another active interview, placement or release), else "a learner"; never
    their contact details. Called after the interview is withdrawn, in the same transaction; the
    learner's email carries the cancelled calendar entry, which takes it out of their calendar."""
    interview = _interview(interview.pk)
    learner, provider = interview.application.learner, interview.provider
    if learner.erased_at is None:
        notify(event="interview_cancelled_by_learner", about=f"interview:{interview.pk}",
               recipient=learner_recipient(learner),
               values={**learner_values(learner), **_interview_values(interview)},
               attachment_source=INTERVIEW_CALENDAR_ATTACHMENT, attachment_arg=interview.pk)
    named = provider_learner_view(provider.pk, learner).name
    notify(event="interview_slot_freed", about=f"interview:{interview.pk}",
           recipient=provider_recipient(provider, learner_id=learner.pk),
           values={**provider_values(provider), "role": interview.vacancy.role_title,
                   "when": _when(interview.slot.starts_at),
                   "learner": learner.full_name if named else ANONYMOUS_LEARNER})


def placement_confirmed_notify(*, placement: Placement) -> None:
    placement = Placement.objects.select_related("application__learner", "provider", "opportunity").get(pk=placement.pk)
    learner = placement.application.learner
    if learner.erased_at is None:
        notify(event="placement_confirmed", about=f"placement:{placement.pk}", recipient=learner_recipient(learner),
               values={**learner_values(learner), "provider": placement.provider.name,
                       "placement": placement.opportunity.title,
                       "start_date": f"{placement.start_date:%A %d %B %Y}", "end_date": f"{placement.end_date:%A %d %B %Y}"})


def offer_recorded_notify(*, offer: JobOffer) -> None:
    offer = JobOffer.objects.select_related("application__learner", "provider").get(pk=offer.pk)
    learner = offer.application.learner
    if learner.erased_at is None:
        employer = offer.provider.name if offer.provider else offer.employer_name
        notify(event="offer_recorded", about=f"offer:{offer.pk}", recipient=learner_recipient(learner),
               values={**learner_values(learner), "job": f"{offer.role} at {employer}",
                       "start_date": f"{offer.proposed_start_date:%A %d %B %Y}" if offer.proposed_start_date
                       else "to be agreed"})

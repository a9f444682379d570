"""Job outcomes gained outside the portal's own vacancies and interviews, and feedback to candidates.

A job offer or start the learner found elsewhere (their own search, a meet-the-employer event, an
academy vacancy advertised off the portal) is recorded by staff as a JobOffer without an interview,
and its start as an ordinary JobStart. From then on it is the same record as one that went through a
portal interview: it moves the pipeline to "offered" and "started work", and so counts in every
figure, the 3, 6 and 12-month follow-ups and their reminders, exactly alike.

The offer date is the day the offer was made, entered by whoever records it (backdating is normal),
not the moment it was typed.

Feedback to candidates: the reason a provider gives for "no offer" is kept as a draft; staff may
put it in plain words and then release it, and only then does the learner see it on their timeline.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from academy.services import audit_record
from learners.models import Application, Stage

from .models import HowFound, Interview, JobOffer, JobStart
from .notices import offer_recorded_notify
from .services import _move, job_start_record

# A job gained outside the portal moves the pipeline to "offered" from any of these stages; a learner
# already offered or in work (a second job) keeps their stage, and the offer is recorded beside it.
STAGES_MOVED_BY_OUTSIDE_OFFER = {Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED}
STAGES_KEPT_BY_OUTSIDE_OFFER = {Stage.OFFERED, Stage.STARTED_WORK}


def _offer_moment(day: datetime.date) -> datetime.datetime:
    return min(timezone.now(), timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0))))


@transaction.atomic
def outside_offer_record(*, application: Application, by, offered_on: datetime.date, role: str,
                         how_found: str, provider=None, employer_name: str = "", setting=None,
                         hours_per_week: Decimal | None = None, proposed_start_date: datetime.date | None = None,
                         accepted: bool = False, request=None) -> JobOffer:
    """Records a job offer the learner gained outside the portal's vacancies and interviews.

    The employer is a provider on the portal or a named employer that is not. `accepted`: the learner
    has already said yes (staff then record the start, or use outside_start_record for both at once).
    """
    application = Application.objects.select_for_update(of=("self",)).select_related("learner").get(pk=application.pk)
    employer_name = employer_name.strip()
    if provider is not None and employer_name:
        raise ValidationError({"employer_name": "Choose a provider on the portal or name the employer, not both."})
    if provider is None and not employer_name:
        raise ValidationError({"employer_name": "Choose the provider, or name the employer if it is not on the "
                                                "portal."})
    if not role.strip():
        raise ValidationError({"role": "Enter the job role, for example: care assistant."})
    if how_found not in HowFound.values:
        raise ValidationError({"how_found": "Choose how the learner found the job."})
    if offered_on is None:
        raise ValidationError({"offered_on": "Enter the date the offer was made."})
    if offered_on > timezone.localdate():
        raise ValidationError({"offered_on": "The offer date cannot be in the future."})
    if offered_on < timezone.localdate(application.submitted_at):
        raise ValidationError({"offered_on": "The offer date cannot be before the learner applied to the academy."})
    if proposed_start_date and proposed_start_date < offered_on:
        raise ValidationError({"proposed_start_date": "The proposed start cannot be before the offer."})
    if application.stage not in STAGES_MOVED_BY_OUTSIDE_OFFER | STAGES_KEPT_BY_OUTSIDE_OFFER:
        raise ValidationError(f"{application.learner.full_name}'s application is “{application.get_stage_display()}”: "
                              "an offer can be recorded once they are enrolled on the course.", code="not_enrolled")
    offered_at = _offer_moment(offered_on)
    offer = JobOffer(application=application, provider=provider, employer_name=employer_name, role=role.strip(),
                     setting=setting, hours_per_week=hours_per_week, how_found=how_found, offered_at=offered_at,
                     proposed_start_date=proposed_start_date, recorded_by=by,
                     status=JobOffer.Status.ACCEPTED if accepted else JobOffer.Status.OPEN,
                     decided_at=offered_at if accepted else None)
    offer.full_clean()
    offer.save()
    if application.stage in STAGES_MOVED_BY_OUTSIDE_OFFER:
        _move(application, Stage.OFFERED, by=by, at=offered_at,
              note=f"Offered {offer.role_title} at {offer.employer_label} ({offer.get_how_found_display().lower()})")
    audit_record(action="placements.outside_offer_recorded", actor=by, request=request, obj=offer,
                 learner_id=application.learner_id, note=f"how_found={how_found}")
    if not accepted:  # an offer still waiting for the learner's answer is news to confirm to them
        offer_recorded_notify(offer=offer)
    return offer


@transaction.atomic
def outside_start_record(*, application: Application, by, offered_on: datetime.date, started_on: datetime.date,
                         role: str, how_found: str, provider=None, employer_name: str = "", setting=None,
                         hours_per_week: Decimal | None = None, request=None) -> JobStart:
    """Records a job start gained outside the portal in one step: the accepted offer, then the start.

    Refused, nothing saved: a start before its offer, or a second start for the same learner and date.
    """
    if started_on is not None and offered_on is not None and started_on < offered_on:
        raise ValidationError({"started_on": "The start date cannot be before the job was offered."})
    offer = outside_offer_record(application=application, by=by, offered_on=offered_on, role=role,
                                 how_found=how_found, provider=provider, employer_name=employer_name,
                                 setting=setting, hours_per_week=hours_per_week, accepted=True, request=request)
    return job_start_record(offer=offer, started_on=started_on, by=by)


# --- feedback to candidates ----------------------------------------------------------------------


@transaction.atomic
def interview_feedback_release(*, interview: Interview, by, feedback: str, request=None) -> Interview:
    """Staff put the "no offer" reason in plain words (or keep it) and show it to the learner.

    It can be edited again afterwards; the learner sees the latest words.
    """
    interview = Interview.objects.select_for_update(of=("self",)).select_related("application").get(pk=interview.pk)
    if interview.outcome != Interview.Outcome.NO_OFFER:
        raise ValidationError("Feedback is for an interview that ended without an offer.")
    feedback = feedback.strip()
    if not feedback:
        raise ValidationError({"feedback": "Write the feedback the learner will see."})
    interview.learner_feedback = feedback
    interview.feedback_shown_at = interview.feedback_shown_at or timezone.now()
    interview.feedback_shown_by = by
    interview.full_clean(validate_unique=False)
    interview.save(update_fields=["learner_feedback", "feedback_shown_at", "feedback_shown_by", "updated_at"])
    audit_record(action="placements.interview_feedback_released", actor=by, request=request, obj=interview,
                 learner_id=interview.application.learner_id)
    return interview

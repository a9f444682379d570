"""Placements, interviews, offers, job starts and recruitment events: every write and its rule.

Every pipeline stage change goes through learners.services.applications.application_transition, inside the
same transaction as the record that causes it: if the move is refused (TransitionNotAllowed),
nothing is saved and the caller shows the refusal's message.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learners.models import Application, Stage
from learners.services.applications import application_transition

from .matching import LearnerProfile, Opportunity, exclusions_for
from .models import (
    JOB_OFFER_TRANSITIONS,
    PLACEMENT_TRANSITIONS,
    EventMeeting,
    Interview,
    InterviewSlot,
    JobOffer,
    JobStart,
    LearnerFeedback,
    Placement,
    PlacementAttendance,
    PlacementOpportunity,
    ProviderFeedback,
    RecruitmentEvent,
)
from .notices import (
    interview_booked_notify,
    interview_cancelled_by_learner_notify,
    offer_recorded_notify,
    placement_confirmed_notify,
)

# Stages from which a learner can be placed, or interviewed for a job.
PLACEABLE_STAGES = {Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED}
INTERVIEWABLE_STAGES = {Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED}
ACTIVE_PLACEMENT = [Placement.Status.CONFIRMED, Placement.Status.ACCEPTED]


def _move(application: Application, to_stage: str, *, by, note: str, at=None) -> Application:
    """Moves the application unless it is already at `to_stage` (a second placement keeps 'placed')."""
    if application.stage == to_stage:
        return application
    return application_transition(application=application, to_stage=to_stage, by=by, note=note, at=at)


# --- placement opportunities ------------------------------------------------------------------

OPPORTUNITY_FIELDS = {
    "site", "title", "setting", "description", "places", "works_days", "works_nights", "sleep_ins",
    "works_weekends", "driving_required", "available_from", "available_until", "is_open",
}


@transaction.atomic
def opportunity_save(*, provider, opportunity: PlacementOpportunity | None = None, client_groups=None,
                     **fields) -> PlacementOpportunity:
    """Creates or updates a placement opportunity at one of the provider's own sites."""
    unknown = set(fields) - OPPORTUNITY_FIELDS
    if unknown:
        raise TypeError(f"Unexpected fields: {sorted(unknown)}")
    opportunity = opportunity or PlacementOpportunity(provider=provider)
    if opportunity.provider_id != provider.pk:
        raise ValidationError("That placement belongs to another provider.")
    site = fields.get("site")
    if site is not None and site.provider_id != provider.pk:
        raise ValidationError({"site": "Choose one of the provider's own sites."})
    for name, value in fields.items():
        setattr(opportunity, name, value)
    opportunity.full_clean()
    opportunity.save()
    if client_groups is not None:
        opportunity.client_groups.set(client_groups)
    return opportunity


# --- placements --------------------------------------------------------------------------------


def _opportunity_as_match_input(o: PlacementOpportunity) -> Opportunity:
    return Opportunity(kind="placement", pk=o.pk, title=o.title, provider_name=o.provider.name,
                       site_postcode=o.site.postcode, setting_id=o.setting_id, setting_name=o.setting.name,
                       works_nights=o.works_nights, sleep_ins=o.sleep_ins, works_weekends=o.works_weekends,
                       driving_required=o.driving_required)


@transaction.atomic
def placement_confirm(*, application: Application, opportunity: PlacementOpportunity, by, start_date,
                      end_date, supervisor_name: str = "", supervisor_phone: str = "",
                      match_score: int | None = None, at=None) -> Placement:
    """Staff confirm a placement for an enrolled learner; it then waits for the provider to accept.

    Refused when the opportunity is closed or full, the dates fall outside it or start in the past, the
    learner already has an active placement, or the learner cannot do it at all (nights, sleep-ins,
    driving). The stage stays as it is: it moves to 'placed' when the placement starts (placements.starts).
    """
    opportunity = (PlacementOpportunity.objects.select_for_update(of=("self",)).select_related("provider", "site", "setting")
                   .get(pk=opportunity.pk))
    application = Application.objects.select_related("learner").get(pk=application.pk)  # the stage as it is now
    learner = application.learner
    if application.stage not in PLACEABLE_STAGES:
        raise ValidationError(
            f"{learner} is at “{Stage(application.stage).label}”: only enrolled learners can go on placement."
        )
    if not opportunity.is_open:
        raise ValidationError("This placement is no longer open.")
    taken = opportunity.placements.filter(status__in=ACTIVE_PLACEMENT).count()
    if taken >= opportunity.places:
        raise ValidationError("This placement is full: every place has been confirmed.")
    if Placement.objects.filter(application=application, status__in=ACTIVE_PLACEMENT).exists():
        raise ValidationError(f"{learner} already has a placement in progress.")
    at = at or timezone.now()
    if start_date < timezone.localtime(at).date():
        raise ValidationError({"start_date": "The placement cannot start in the past. Choose today or a later date."})
    if start_date < opportunity.available_from or end_date > opportunity.available_until:
        raise ValidationError({"start_date": (
            f"Choose dates between {opportunity.available_from:%d %B %Y} and {opportunity.available_until:%d %B %Y}, "
            "when the provider can take learners."
        )})
    reasons = exclusions_for(LearnerProfile.from_learner(learner), _opportunity_as_match_input(opportunity))
    if reasons:
        raise ValidationError(" ".join(reasons))
    placement = Placement(
        application=application, opportunity=opportunity, provider=opportunity.provider,
        start_date=start_date, end_date=end_date, supervisor_name=supervisor_name,
        supervisor_phone=supervisor_phone, match_score=match_score, confirmed_by=by, confirmed_at=at,
    )
    placement.full_clean()
    placement.save()
    placement_confirmed_notify(placement=placement)
    return placement


@transaction.atomic
def placement_transition(*, placement: Placement, to_status: str, prepare=None) -> Placement:
    """Moves a placement to another status if PLACEMENT_TRANSITIONS allows it, and saves it.

    The one place a placement's status changes. `prepare(placement)`, called on the locked placement once
    the move is known to be allowed, sets (and checks) what the move records, such as the supervisor.
    """
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    current = placement.status
    if to_status not in PLACEMENT_TRANSITIONS[current]:
        if to_status == Placement.Status.COMPLETED:
            message = "Only an accepted placement can be marked as completed."
        else:
            message = f"This placement is already “{Placement.Status(current).label}”."
        raise ValidationError(message, code="placement_transition_not_allowed")
    if prepare is not None:
        prepare(placement)
    placement.status = to_status
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def placement_respond(*, placement: Placement, by, accept: bool, reason: str = "",
                      supervisor_name: str = "", supervisor_phone: str = "") -> Placement:
    """The provider accepts a confirmed placement (naming a supervisor) or declines it with a reason."""

    def record_answer(placement: Placement) -> None:
        if accept:
            placement.supervisor_name = supervisor_name or placement.supervisor_name
            placement.supervisor_phone = supervisor_phone or placement.supervisor_phone
            if not placement.supervisor_name:
                raise ValidationError({"supervisor_name": "Name the person who will supervise the learner."})
        else:
            if not reason.strip():
                raise ValidationError({"reason": "Say why you cannot take this learner, so the academy can find another placement."})
            placement.decline_reason = reason.strip()[:255]
        placement.responded_by = by
        placement.responded_at = timezone.now()

    to_status = Placement.Status.ACCEPTED if accept else Placement.Status.DECLINED
    answered = placement_transition(placement=placement, to_status=to_status, prepare=record_answer)
    # An accepted placement whose start date has already come starts now.
    from .starts import placement_start_if_due

    return placement_start_if_due(placement=answered, by=by)


@transaction.atomic
def placement_update(*, placement: Placement, by, start_date, end_date, supervisor_name: str = "",
                     supervisor_phone: str = "") -> Placement:
    if placement.status not in ACTIVE_PLACEMENT:
        raise ValidationError(f"A placement that is “{placement.get_status_display()}” cannot be changed.")
    if start_date != placement.start_date and start_date < timezone.localdate():
        raise ValidationError({"start_date": "The placement cannot be moved to start in the past."})
    placement.start_date, placement.end_date = start_date, end_date
    placement.supervisor_name, placement.supervisor_phone = supervisor_name, supervisor_phone
    placement.full_clean()
    placement.save()
    from .starts import placement_start_if_due

    return placement_start_if_due(placement=placement, by=by)


def placement_complete(*, placement: Placement, by) -> Placement:
    return placement_transition(placement=placement, to_status=Placement.Status.COMPLETED)


def placement_attendance_record(*, placement: Placement, day: datetime.date, attended: bool, by,
                                note: str = "") -> PlacementAttendance:
    """Records one placement day; only days within the placement and not in the future."""
    if not placement.is_under_way:
        raise ValidationError("Attendance can be recorded once the provider has accepted the placement.")
    if not placement.start_date <= day <= placement.end_date:
        raise ValidationError({"day": f"Choose a day between {placement.start_date:%d %B} and {placement.end_date:%d %B %Y}."})
    if day > timezone.localdate():
        raise ValidationError({"day": "Attendance cannot be recorded for a day that has not happened yet."})
    record, _ = PlacementAttendance.objects.update_or_create(
        placement=placement, day=day, defaults={"attended": attended, "note": note, "recorded_by": by}
    )
    return record


@transaction.atomic
def provider_feedback_give(*, placement: Placement, by, values: int, reliability: int, potential: int,
                           comments: str = "") -> ProviderFeedback:
    """The provider's view of the learner (1-5 on values, reliability, potential), once accepted."""
    if not placement.is_under_way:
        raise ValidationError("Feedback can be given once you have accepted the placement.")
    feedback = ProviderFeedback.objects.filter(placement=placement).first() or ProviderFeedback(placement=placement)
    feedback.values, feedback.reliability, feedback.potential = values, reliability, potential
    feedback.comments, feedback.given_by = comments, by
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def learner_feedback_give(*, placement: Placement, rating: int, would_work_there: bool = False,
                          comments: str = "") -> LearnerFeedback:
    if not placement.is_under_way:
        raise ValidationError("You can give feedback once your placement has started.")
    if placement.start_date > timezone.localdate():
        raise ValidationError("You can give feedback once your placement has started.")
    feedback = LearnerFeedback.objects.filter(placement=placement).first() or LearnerFeedback(placement=placement)
    feedback.rating, feedback.would_work_there, feedback.comments = rating, would_work_there, comments
    feedback.full_clean()
    feedback.save()
    return feedback


# --- interview slots and bookings -------------------------------------------------------------


def _check_slot_times(starts_at, ends_at) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The slot must end after it starts."})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": "Interview slots must be in the future."})
    if ends_at - starts_at > datetime.timedelta(hours=4):
        raise ValidationError({"ends_at": "An interview slot can be at most four hours long."})


@transaction.atomic
def interview_slot_create(*, vacancy, by, starts_at, ends_at, interviewer: str = "") -> InterviewSlot:
    """Offers an interview time on a vacancy at the vacancy's site. Slots at a site never overlap.

    The site row is locked while checking, so two people adding slots at once cannot both succeed.
    """
    from providers.models import Site
    from vacancies.models import Vacancy

    if vacancy.status not in (Vacancy.Status.DRAFT, Vacancy.Status.OPEN):
        raise ValidationError("Interview slots can only be offered on a draft or open vacancy.")
    _check_slot_times(starts_at, ends_at)
    site = Site.objects.select_for_update().get(pk=vacancy.site_id)
    clash = (InterviewSlot.objects.filter(site=site, starts_at__lt=ends_at, ends_at__gt=starts_at)
             .select_related("vacancy").first())
    if clash is not None:
        local = timezone.localtime(clash.starts_at)
        end = timezone.localtime(clash.ends_at)
        raise ValidationError({"starts_at": (
            f"This overlaps another interview slot at {site.name}: {local:%d %B %Y, %H:%M}–{end:%H:%M} "
            f"({clash.vacancy.role_title}). Choose a time that does not overlap."
        )})
    slot = InterviewSlot(provider_id=vacancy.provider_id, site=site, vacancy=vacancy, starts_at=starts_at,
                         ends_at=ends_at, interviewer=interviewer, created_by=by)
    slot.full_clean()
    slot.save()
    return slot


@transaction.atomic
def interview_slot_delete(*, slot: InterviewSlot, by) -> None:
    slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
    if Interview.objects.filter(slot=slot).exists():
        raise ValidationError("This slot has been booked; record the interview as withdrawn instead.")
    slot.delete()


@transaction.atomic
def interview_book(*, slot: InterviewSlot, application: Application, by,
                   via: str = Interview.BookedVia.STAFF, unsuitable_reason: str = "",
                   tell_learner: bool = True) -> Interview:
    """Books a learner into a free slot. The slot row is locked, so two bookings cannot both win.

    A job the learner cannot do at all (the matching page's exclusions: nights, sleep-ins, driving) is
    refused, unless staff give their reason for booking it anyway; the reason and what does not fit are
    kept on the interview, which then does not count as the learner's guaranteed interview.
    The learner is told (`tell_learner`; a move tells them itself).
    """
    from vacancies.models import Vacancy

    slot = InterviewSlot.objects.select_for_update(of=("self",)).select_related("vacancy").get(pk=slot.pk)
    application = Application.objects.select_related("learner").get(pk=application.pk)
    if Interview.objects.filter(slot=slot).exists():
        raise ValidationError({"slot": "Sorry, that slot has just been booked. Please choose another time."})
    if slot.starts_at <= timezone.now():
        raise ValidationError({"slot": "That slot has already started. Please choose a later time."})
    if slot.vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError({"slot": "That vacancy is not open for interviews."})
    if application.stage not in INTERVIEWABLE_STAGES:
        raise ValidationError(
            f"{application.learner} is at “{Stage(application.stage).label}”: "
            "interviews are for learners who are enrolled or further on."
        )
    if Interview.objects.filter(application=application, vacancy=slot.vacancy,
                                outcome=Interview.Outcome.PENDING).exists():
        raise ValidationError({"slot": f"{application.learner} already has an interview booked for this job."})
    unsuitable = " ".join(exclusions_for(application.learner, slot.vacancy))
    unsuitable_reason = (unsuitable_reason or "").strip() if unsuitable else ""
    if unsuitable and via != Interview.BookedVia.STAFF:
        raise ValidationError({"slot": f"This job does not suit you: {unsuitable}"})
    if unsuitable and not unsuitable_reason:
        raise ValidationError({"unsuitable_reason": (
            f"{slot.vacancy.role_title} does not suit {application.learner}: {unsuitable} "
            "To book it anyway, say why.")})
    interview = Interview(slot=slot, application=application, vacancy=slot.vacancy, provider_id=slot.provider_id,
                          booked_by=by, booked_via=via, unsuitable_because=unsuitable[:255],
                          unsuitable_reason=unsuitable_reason)
    interview.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            interview.save()
    except IntegrityError as exc:  # a concurrent booking on a database without row locks
        raise ValidationError({"slot": "Sorry, that slot has just been booked. Please choose another time."}) from exc
    if tell_learner:
        interview_booked_notify(interview=interview)
    return interview


def interview_cancel_refusal(interview: Interview, *, at=None) -> ValidationError | None:
    """Why the learner cannot cancel this interview themselves, or None if they can: the cancel page
    explains it and interview_cancel_by_learner raises it."""
    if interview.outcome == Interview.Outcome.WITHDRAWN:
        return ValidationError("This interview has already been cancelled.", code="already_cancelled")
    if interview.outcome != Interview.Outcome.PENDING:
        return ValidationError("This interview has already taken place.", code="interview_decided")
    if interview.booked_via != Interview.BookedVia.SELF:
        return ValidationError("This interview was arranged for you by the academy. To cancel or change it, please "
                               "contact your academy tutor.", code="not_self_booked")
    if interview.slot.starts_at <= (at or timezone.now()):
        return ValidationError("This interview's time has passed, so it can no longer be cancelled here. If you "
                               "could not go, please let your academy tutor know.", code="interview_in_past")
    return None


@transaction.atomic
def interview_cancel_by_learner(*, interview: Interview, by, at=None) -> Interview:
    """A learner cancels an interview they booked themselves, while its time is still to come.

    The interview is kept, withdrawn and recorded by the learner, so the provider and staff see that
    the learner cancelled it (and the provider no longer sees the learner through it). A slot holds one
    interview for good, so the same time is offered again as a fresh free slot on the same vacancy.
    Refused: someone else's interview; one arranged by staff or after an event (the learner asks the
    academy); one already withdrawn or decided; one whose time has come.
    The learner gets a confirmation and the provider's contact hears the slot is free (sent after commit).
    """
    from academy.services import audit_record

    interview = (Interview.objects.select_for_update()
                 .select_related("slot", "application__learner", "vacancy", "provider").get(pk=interview.pk))
    if by is None or interview.application.learner.user_id != by.pk:
        raise PermissionDenied("Only the learner can cancel their own interview.")
    at = at or timezone.now()
    if refusal := interview_cancel_refusal(interview, at=at):
        raise refusal
    slot = interview.slot
    interview.outcome = Interview.Outcome.WITHDRAWN
    interview.outcome_reason = "Cancelled by the learner"
    interview.outcome_recorded_at = at
    interview.outcome_recorded_by = by
    interview.full_clean(validate_unique=False)
    interview.save()
    freed = slot_offer_again(slot=slot)
    audit_record(action="interview.cancel_by_learner", actor=by, obj=interview,
                 learner_id=interview.application.learner_id, note=f"slot {slot.pk} offered again as {freed.pk}")
    interview_cancelled_by_learner_notify(interview=interview)
    return interview


def slot_offer_again(*, slot: InterviewSlot) -> InterviewSlot:
    """A slot holds one interview for good, so a cancelled interview's time is offered again as a fresh
    free slot on the same vacancy (a caller's transaction holds the site, as interview_slot_create does)."""
    from providers.models import Site

    Site.objects.select_for_update().get(pk=slot.site_id)
    freed = InterviewSlot(provider_id=slot.provider_id, site_id=slot.site_id, vacancy_id=slot.vacancy_id,
                          starts_at=slot.starts_at, ends_at=slot.ends_at, interviewer=slot.interviewer,
                          created_by=slot.created_by)
    freed.full_clean()
    freed.save()
    return freed


@transaction.atomic
def interview_schedule(*, application: Application, vacancy, starts_at, ends_at, by,
                       interviewer: str = "", unsuitable_reason: str = "") -> Interview:
    """Staff schedule an interview in one step: the slot is created and booked together."""
    slot = interview_slot_create(vacancy=vacancy, by=by, starts_at=starts_at, ends_at=ends_at,
                                 interviewer=interviewer)
    return interview_book(slot=slot, application=application, by=by, via=Interview.BookedVia.STAFF,
                          unsuitable_reason=unsuitable_reason)


@transaction.atomic
def interview_record_outcome(*, interview: Interview, outcome: str, by, reason: str = "",
                             proposed_start_date=None, offered_on: datetime.date | None = None, at=None) -> Interview:
    """Records what came of an interview and moves the pipeline with it, with no second form.

    Offer: the application moves to 'interviewed' then 'offered', and a job offer is opened, dated the
    day the offer was made (`offered_on`, entered by whoever records it; today if not given).
    No offer (with a reason): it moves to 'interviewed', and the reason becomes the draft of the feedback
    the learner sees once staff release it (placements.outcomes). Withdrawn: the stage is left alone.
    """
    interview = Interview.objects.select_for_update(of=("self",)).select_related("slot", "application__learner",
                                                                     "provider").get(pk=interview.pk)
    at = at or timezone.now()
    if interview.outcome != Interview.Outcome.PENDING:
        raise ValidationError(f"The outcome has already been recorded: “{interview.get_outcome_display()}”.")
    if outcome not in Interview.Outcome.values or outcome == Interview.Outcome.PENDING:
        raise ValidationError({"outcome": "Choose an outcome."})
    if outcome in (Interview.Outcome.OFFER, Interview.Outcome.NO_OFFER) and interview.slot.starts_at > at:
        raise ValidationError("This interview has not happened yet; you can record it as withdrawn.")
    if outcome == Interview.Outcome.NO_OFFER and not reason.strip():
        raise ValidationError({"reason": "Say why there was no offer: the learner and the academy learn from it."})
    if proposed_start_date and proposed_start_date < at.date():
        raise ValidationError({"proposed_start_date": "The proposed start date cannot be in the past."})
    offered_at = at
    if outcome == Interview.Outcome.OFFER and offered_on:
        if offered_on > timezone.localdate(at):
            raise ValidationError({"offered_on": "The offer date cannot be in the future."})
        if offered_on < timezone.localdate(interview.slot.starts_at):
            raise ValidationError({"offered_on": "The offer cannot have been made before the interview."})
        offered_at = min(at, timezone.make_aware(datetime.datetime.combine(offered_on, datetime.time(17, 0))))
    interview.outcome = outcome
    interview.outcome_reason = reason.strip()
    if outcome == Interview.Outcome.NO_OFFER:
        interview.learner_feedback = reason.strip()
    interview.outcome_recorded_at = at
    interview.outcome_recorded_by = by
    interview.full_clean(validate_unique=False)
    interview.save()
    application = interview.application
    job = f"{interview.vacancy.role_title} at {interview.provider.name}"
    if outcome in (Interview.Outcome.OFFER, Interview.Outcome.NO_OFFER) and application.stage != Stage.OFFERED:
        application = _move(application, Stage.INTERVIEWED, by=by, note=f"Interviewed for {job}", at=at)
    if outcome == Interview.Outcome.OFFER:
        _move(application, Stage.OFFERED, by=by, note=f"Offered {job}", at=at)
        offer = JobOffer.objects.create(interview=interview, application=application, provider=interview.provider,
                                        role=interview.vacancy.role_title, offered_at=offered_at,
                                        proposed_start_date=proposed_start_date, recorded_by=by)
        offer_recorded_notify(offer=offer)
    return interview


@transaction.atomic
def job_offer_transition(*, offer: JobOffer, to_status: str, prepare=None) -> JobOffer:
    """Moves a job offer to another status if JOB_OFFER_TRANSITIONS allows it, and saves it: the one
    place an offer's status changes. `prepare(offer)` sets (and checks) what the move records."""
    offer = JobOffer.objects.select_for_update(of=("self",)).select_related("application").get(pk=offer.pk)
    current = offer.status
    if to_status not in JOB_OFFER_TRANSITIONS[current]:
        raise ValidationError(f"This offer has already been {JobOffer.Status(current).label.lower()}.",
                              code="offer_transition_not_allowed")
    if prepare is not None:
        prepare(offer)
    offer.status = to_status
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def job_offer_decide(*, offer: JobOffer, accept: bool, by, reasons=(), note: str = "", at=None) -> JobOffer:
    """The learner accepts or declines an offer; declining needs a reason (e.g. sleep-ins, childcare).

    A declined offer sends the application back to 'interviewed' unless another offer is still open
    or accepted, so the academy keeps looking for the right job.
    """
    at = at or timezone.now()

    def record_answer(offer: JobOffer) -> None:
        offer.decided_at = at
        if accept:
            offer.decline_reasons, offer.decline_note = [], ""
        else:
            chosen = [r for r in reasons if r in JobOffer.DeclineReason.values]
            if not chosen:
                raise ValidationError({"reasons": "Choose at least one reason for turning the job down."})
            offer.decline_reasons, offer.decline_note = chosen, note.strip()[:255]

    offer = job_offer_transition(offer=offer, to_status=JobOffer.Status.ACCEPTED if accept else JobOffer.Status.DECLINED,
                                 prepare=record_answer)
    application = offer.application
    if not accept:
        others = JobOffer.objects.filter(application=application,
                                         status__in=[JobOffer.Status.OPEN, JobOffer.Status.ACCEPTED]).exclude(pk=offer.pk)
        if application.stage == Stage.OFFERED and not others.exists():
            labels = ", ".join(offer.decline_reason_labels()).lower()
            _move(application, Stage.INTERVIEWED, by=by, note=f"Declined offer ({labels})", at=at)
    return offer


@transaction.atomic
def job_start_record(*, offer: JobOffer, started_on: datetime.date, by, at=None) -> JobStart:
    """Records the learner starting work; offer-to-start time comes from the offer date and this date.

    The same for an offer after a portal interview and one gained outside the portal (a backdated start
    is normal). Refused, nothing saved: a start before the offer, in the future, or a second start for
    the same learner on the same date. Moves the application to 'started work', logged on the start date.
    """
    offer = JobOffer.objects.select_for_update(of=("self",)).select_related(
        "application__learner", "interview__vacancy", "provider").get(pk=offer.pk)
    if offer.status != JobOffer.Status.ACCEPTED:
        raise ValidationError("Only an accepted offer can lead to a start.")
    if JobStart.objects.filter(offer=offer).exists():
        raise ValidationError("The start has already been recorded.")
    if started_on < timezone.localtime(offer.offered_at).date():
        raise ValidationError({"started_on": "The start date cannot be before the job was offered."})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "Record the start on or after the first day at work."})
    application = offer.application
    if JobStart.objects.filter(learner_id=application.learner_id, started_on=started_on).exists():
        raise ValidationError({"started_on": f"{application.learner.full_name} already has a job start on "
                                             f"{started_on.day} {started_on:%B %Y}."})
    start = JobStart(offer=offer, application=application, learner=application.learner,
                     provider=offer.provider, vacancy=offer.interview.vacancy if offer.interview_id else None,
                     employer_name=offer.employer_name, role=offer.role_title, offer_made_at=offer.offered_at,
                     started_on=started_on, recorded_by=by)
    start.full_clean()
    start.save()
    now = at or timezone.now()
    moved_at = min(now, timezone.make_aware(datetime.datetime.combine(started_on, datetime.time(9, 0))))
    _move(application, Stage.STARTED_WORK, by=by, note=f"Started as {offer.role_title} at {offer.employer_label}",
          at=max(moved_at, offer.offered_at))
    return start


# --- meet-the-employer and speed-interview events ------------------------------------------------


@transaction.atomic
def event_create(*, by, providers=(), **fields) -> RecruitmentEvent:
    event = RecruitmentEvent(**fields)
    event.full_clean()
    event.save()
    event.providers.set(providers)
    return event


@transaction.atomic
def event_meeting_add(*, event: RecruitmentEvent, provider, application: Application, by,
                      starts_at=None) -> EventMeeting:
    """Adds a short meeting between a provider at the event and a learner."""
    if not event.providers.filter(pk=provider.pk).exists():
        raise ValidationError({"provider": f"{provider} is not attending this event."})
    if EventMeeting.objects.filter(event=event, provider=provider, application=application).exists():
        raise ValidationError(f"{application.learner} already has a meeting with {provider} at this event.")
    meeting = EventMeeting(event=event, provider=provider, application=application, starts_at=starts_at)
    meeting.full_clean()
    meeting.save()
    return meeting


def event_meeting_flag(*, meeting: EventMeeting, by, call_for_interview: bool, notes: str = "") -> EventMeeting:
    """The provider's verdict after a short meeting: call this learner for a formal interview or not."""
    meeting.call_for_interview = call_for_interview
    meeting.provider_notes = notes
    meeting.flagged_by = by
    meeting.flagged_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    return meeting

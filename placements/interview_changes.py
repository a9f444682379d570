"""Staff cancel or move a booked interview, with a reason the learner is told.

Cancelling is not the learner withdrawing: the interview is kept with the outcome "Cancelled by the
academy" and the reason, so the learner, the provider and staff all see who cancelled it and why. The
slot's time is offered again as a free slot (services.slot_offer_again). Moving is a cancellation plus a
new booking on the same vacancy, in one transaction. Either way the learner is told (placements.notices, sent
after commit) and the message is on their timeline.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from academy.services import audit_record
from learners.permissions import learners_visible_to

from .models import Interview, InterviewSlot
from .notices import interview_cancelled_notify, interview_moved_notify
from .services import interview_book, interview_slot_create, slot_offer_again


def _staff_interview(interview: Interview, by) -> Interview:
    """The interview, locked, when `by` is staff who may see its learner; refused otherwise."""
    from django.core.exceptions import PermissionDenied

    if by is None or not getattr(by, "is_academy_staff", False):
        raise PermissionDenied("Only academy staff can cancel or move an interview.")
    interview = (Interview.objects.select_for_update(of=("self",))
                 .select_related("slot", "application__learner", "vacancy", "provider").get(pk=interview.pk))
    if not learners_visible_to(by).filter(pk=interview.application.learner_id).exists():
        raise PermissionDenied("You cannot change this learner's interviews.")
    return interview


def _check_changeable(interview: Interview, reason: str, at) -> str:
    reason = (reason or "").strip()
    if interview.outcome != Interview.Outcome.PENDING:
        raise ValidationError(f"This interview is already “{interview.get_outcome_display()}”.",
                              code="interview_not_pending")
    if interview.slot.starts_at <= at:
        raise ValidationError("This interview's time has passed: record its outcome instead.",
                              code="interview_in_past")
    if not reason:
        raise ValidationError({"reason": "Say why: the learner is told the reason."})
    return reason


def _cancel(interview: Interview, *, by, reason: str, at) -> InterviewSlot:
    interview.outcome = Interview.Outcome.CANCELLED
    interview.outcome_reason = reason
    interview.outcome_recorded_at = at
    interview.outcome_recorded_by = by
    interview.full_clean(validate_unique=False)
    interview.save()
    return slot_offer_again(slot=interview.slot)


@transaction.atomic
def interview_cancel_by_staff(*, interview: Interview, by, reason: str, at=None) -> Interview:
    """Staff cancel a booked interview that is still to come, saying why; the time is freed for others."""
    interview = _staff_interview(interview, by)
    at = at or timezone.now()
    reason = _check_changeable(interview, reason, at)
    freed = _cancel(interview, by=by, reason=reason, at=at)
    audit_record(action="interview.cancel_by_staff", actor=by, obj=interview,
                 learner_id=interview.application.learner_id, note=f"slot {interview.slot_id} offered again as {freed.pk}")
    interview_cancelled_notify(interview=interview)
    return interview


@transaction.atomic
def interview_move(*, interview: Interview, by, reason: str, slot: InterviewSlot | None = None,
                   starts_at=None, ends_at=None, interviewer: str = "", at=None) -> Interview:
    """Staff move a booked interview to another free slot on the same vacancy, or to a new time.

    The old booking is cancelled (its reason says where it moved to) and its time freed; the new one is
    booked by staff with the same reason for booking an unsuitable job, if there was one. Returns the new
    interview.
    """
    interview = _staff_interview(interview, by)
    at = at or timezone.now()
    reason = _check_changeable(interview, reason, at)
    if slot is None:
        if starts_at is None or ends_at is None:
            raise ValidationError({"slot": "Choose a free slot, or give the new time."})
        slot = interview_slot_create(vacancy=interview.vacancy, by=by, starts_at=starts_at, ends_at=ends_at,
                                     interviewer=interviewer or interview.slot.interviewer)
    elif slot.vacancy_id != interview.vacancy_id:
        raise ValidationError({"slot": "Choose a slot for the same job; for another job, cancel and book again."})
    new_time = timezone.localtime(slot.starts_at)
    _cancel(interview, by=by, reason=f"Moved to {new_time:%A %d %B %Y, %H:%M}: {reason}", at=at)
    moved = interview_book(slot=slot, application=interview.application, by=by,
                           via=Interview.BookedVia.STAFF, unsuitable_reason=interview.unsuitable_reason,
                           tell_learner=False)
    audit_record(action="interview.move", actor=by, obj=moved, learner_id=interview.application.learner_id,
                 note=f"moved from interview {interview.pk}")
    interview_moved_notify(cancelled=interview, moved=moved, reason=reason)
    return moved

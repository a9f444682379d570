"""Course outcomes: who completed a cohort's course, who did not and why, and moves to a later cohort.

Finishing the course and getting a job are two facts, not two steps of one ladder: a course outcome
is recorded whatever the learner's job stage (interviewed, offered, even started work), and it
never hides an interview or offer, nor they it. The pipeline stage only moves for a completion
while the learner is still "enrolled" or "on placement" (to "completed the course"), so the
learner's page says where they are.

Writes:
- `course_outcome_record`: one learner, completed or not completed with a reason, with the date.
- `cohort_close`: every learner on a cohort at once, in one transaction (all saved, or none).
- `cohort_move`: a learner who stops and picks up a later cohort ("come back a month later") keeps
  their application, which moves to the later cohort; the outcome on the first cohort says "moved
  to another cohort" and names the later one, so the two places stay linked.

Reads: `cohort_closing_rows` (the board staff decide from, with attendance on this cohort's
sessions beside each learner) and `completed_course` (for the end-of-course surveys).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from academy.services import audit_record
from learners.models import Application, Stage, StageTransition
from learners.services.applications import application_transition

from .models import Attendance, Cohort, CourseOutcome

Result = CourseOutcome.Result
Reason = CourseOutcome.Reason
# Completion moves the pipeline only from these stages; from later ones (interviewed, offered,
# started work) the job stage stays and the completion is recorded beside it.
STAGES_MOVED_BY_COMPLETION = {Stage.ENROLLED, Stage.PLACED}


def _at(day: datetime.date) -> datetime.datetime:
    """The moment a dated event is logged at: the end of the working day, or now if that is later today."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
    return min(at, timezone.now())


def _was_enrolled(application: Application) -> bool:
    return (application.stage in {Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED}
            or StageTransition.objects.filter(application=application, to_stage=Stage.ENROLLED).exists())


def _check_outcome(*, application: Application, cohort: Cohort, result: str, reason: str, on,
                   moved_to: Cohort | None) -> None:
    name = application.learner.full_name
    if application.cohort_id != cohort.pk:
        raise ValidationError(f"{name} is not on {cohort.name}.", code="not_on_cohort")
    if not _was_enrolled(application):
        raise ValidationError(f"{name} was never enrolled on {cohort.name}, so has no course outcome.",
                              code="not_enrolled")
    if application.stage == Stage.WITHDRAWN and result == Result.COMPLETED:
        raise ValidationError(f"{name}'s application was withdrawn: they cannot be marked as completing.",
                              code="withdrawn")
    if result not in Result.values:
        raise ValidationError({"result": f"Choose completed or did not complete for {name}."})
    if result == Result.NOT_COMPLETED and reason not in Reason.values:
        raise ValidationError({"reason": f"Choose why {name} did not complete."})
    if on is None:
        raise ValidationError({"on": f"Enter the date for {name}."})
    if on < cohort.start_date:
        raise ValidationError({"on": f"The date for {name} cannot be before {cohort.name} started "
                                     f"({cohort.start_date.day} {cohort.start_date:%B %Y})."}, code="before_start")
    if on > timezone.localdate():
        raise ValidationError({"on": f"The date for {name} cannot be in the future."}, code="future_date")
    if CourseOutcome.objects.filter(application=application, cohort=cohort).exists():
        raise ValidationError(f"{name}'s outcome on {cohort.name} is already recorded.", code="already_recorded")
    if reason == Reason.MOVED_COHORT:
        if moved_to is None:
            raise ValidationError({"moved_to": f"Choose the cohort {name} moves to."})
        if moved_to.pk == cohort.pk or moved_to.start_date <= cohort.start_date:
            raise ValidationError({"moved_to": f"{name} can only move to a later cohort than {cohort.name}."},
                                  code="not_later")
        if moved_to.end_date < on:
            raise ValidationError({"moved_to": f"{moved_to.name} has already finished."}, code="finished")
        if Application.objects.filter(learner_id=application.learner_id, cohort=moved_to).exists():
            raise ValidationError({"moved_to": f"{name} already has an application for {moved_to.name}."},
                                  code="already_there")
    elif moved_to is not None:
        raise ValidationError({"moved_to": "A cohort to move to is only for a learner moving to another cohort."})


@transaction.atomic
def course_outcome_record(*, application: Application, by, result: str, on: datetime.date, reason: str = "",
                          note: str = "", moved_to: Cohort | None = None, request=None) -> CourseOutcome:
    """Records one learner's outcome on their current cohort (see the module docstring for the rules).

    Refused with a plain message, nothing saved: a date before the cohort started or in the future, a
    second outcome on the same cohort, no reason for not completing, a move to a cohort that is not later.
    """
    application = (Application.objects.select_for_update(of=("self",)).select_related("learner", "cohort")
                   .get(pk=application.pk))
    cohort = application.cohort
    reason = "" if result == Result.COMPLETED else reason
    _check_outcome(application=application, cohort=cohort, result=result, reason=reason, on=on, moved_to=moved_to)
    outcome = CourseOutcome(application=application, cohort=cohort, result=result, reason=reason,
                            note=note.strip()[:255], on=on, moved_to=moved_to, recorded_by=by)
    outcome.full_clean()
    outcome.save()
    if result == Result.COMPLETED and application.stage in STAGES_MOVED_BY_COMPLETION:
        application_transition(application=application, to_stage=Stage.COMPLETED, by=by, at=_at(on),
                               note=f"Completed {cohort.name}")
    if reason == Reason.MOVED_COHORT:
        # The same application carries on at the later cohort: no fresh application, no new screening.
        Application.objects.filter(pk=application.pk).update(cohort=moved_to, updated_at=timezone.now())
    audit_record(action="courses.outcome_recorded", actor=by, request=request, obj=outcome,
                 learner_id=application.learner_id, note=f"result={result} reason={reason}")
    return outcome


@transaction.atomic
def cohort_move(*, application: Application, to_cohort: Cohort, by, on: datetime.date, note: str = "",
                request=None) -> CourseOutcome:
    """A learner stops and picks up a later cohort: their application moves there, the two places linked."""
    return course_outcome_record(application=application, by=by, result=Result.NOT_COMPLETED,
                                 reason=Reason.MOVED_COHORT, on=on, moved_to=to_cohort, note=note, request=request)


@transaction.atomic
def cohort_close(*, cohort: Cohort, by, decisions: list[dict], request=None) -> list[CourseOutcome]:
    """Closes a cohort: each decision is {"application", "result", "on", "reason", "note", "moved_to"}.

    One transaction: if any learner's outcome is refused, none is saved, and the refusal names the learner.
    """
    if not decisions:
        raise ValidationError("Record an outcome for at least one learner.", code="nothing_to_close")
    outcomes = []
    seen = set()
    for decision in decisions:
        application = decision["application"]
        if application.pk in seen:
            raise ValidationError(f"{application.learner.full_name} appears twice.", code="duplicate")
        seen.add(application.pk)
        if application.cohort_id != cohort.pk:
            raise ValidationError(f"{application.learner.full_name} is not on {cohort.name}.", code="not_on_cohort")
        outcomes.append(course_outcome_record(
            application=application, by=by, result=decision["result"], on=decision["on"],
            reason=decision.get("reason", ""), note=decision.get("note", ""), moved_to=decision.get("moved_to"),
            request=request))
    return outcomes


# --- reads ---------------------------------------------------------------------------------------


@dataclass
class ClosingRow:
    application: Application
    attended: int
    recorded: int
    threshold: int
    outcome: CourseOutcome | None

    @property
    def rate(self) -> float | None:
        return round(100 * self.attended / self.recorded, 1) if self.recorded else None

    @property
    def below_threshold(self) -> bool:
        return self.rate is not None and self.rate < self.threshold


def cohort_closing_rows(*, cohort: Cohort) -> list[ClosingRow]:
    """Everyone enrolled on the cohort, with attendance on this cohort's sessions and any outcome so far.

    Learners moved here from an earlier cohort are on it (their application is); those moved on from it
    show with their "moved" outcome. Three queries.
    """
    enrolled = StageTransition.objects.filter(to_stage=Stage.ENROLLED).values("application_id")
    outcomes = {o.application_id: o for o in
                CourseOutcome.objects.filter(cohort=cohort).select_related("moved_to", "recorded_by")}
    applications = list(
        Application.objects.filter(Q(cohort=cohort, pk__in=enrolled) | Q(pk__in=list(outcomes)))
        .select_related("learner").order_by("learner__last_name", "learner__first_name", "pk")
    )
    attendance = {
        r["application_id"]: r for r in
        Attendance.objects.filter(session__cohort=cohort, application_id__in=[a.pk for a in applications])
        .order_by().values("application_id")
        .annotate(recorded=Count("pk"), attended=Count("pk", filter=Q(status__in=Attendance.ATTENDED)))
    }
    threshold = settings.ACADEMY_BURSARY_ATTENDANCE_THRESHOLD
    return [ClosingRow(a, attendance.get(a.pk, {}).get("attended", 0), attendance.get(a.pk, {}).get("recorded", 0),
                       threshold, outcomes.get(a.pk)) for a in applications]


def later_cohorts(*, cohort: Cohort, visible):
    """Cohorts a learner on `cohort` could move to: later starts, not yet finished, among `visible`."""
    return (visible.filter(start_date__gt=cohort.start_date, end_date__gte=timezone.localdate())
            .exclude(pk=cohort.pk).select_related("programme").order_by("start_date"))


def completed_course(application: Application) -> bool:
    """Has the learner completed a course on this application (a recorded completion, or the stage)?

    Reads application.course_outcomes.all() and transitions.all(), so a prefetched application costs nothing.
    """
    if any(o.result == Result.COMPLETED for o in application.course_outcomes.all()):
        return True
    return any(t.to_stage == Stage.COMPLETED for t in application.transitions.all())

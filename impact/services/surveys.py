"""Writes behind the survey pages: resilience checks, follow-ups after a job start, satisfaction answers and
NESTA evidence reviews, given by learners, providers and staff in the portal.

Every survey is answered once (per application and moment or month, per application for a learner's
satisfaction, per cohort for a provider's): a second answer is refused with a plain message, and the
database's unique constraints turn a race between two submissions into the same message, not an error
page. Each answer is recorded in the audit log by reference only: who, what and when, never the answers.
When a survey opens is decided in impact.selectors.surveys, the one place for those rules.

These are the only writes for survey answers: the demo seed and the tests use them too.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.dates import not_in_future
from academy.services import audit_record
from impact.models import (
    PROGRESSION,
    RESILIENCE_ITEMS,
    ProgrammeEvidence,
    RetentionFollowUp,
    SatisfactionSurvey,
    WellbeingSurvey,
)
from impact.selectors.surveys import (
    FOLLOW_UP_MONTHS,
    cohorts_worked_with,
    follow_up_window,
    job_started_on,
    resilience_check_open,
    satisfaction_open,
)
from learners.models import Application


def _save_once(obj, *, duplicate_message: str) -> None:
    """Saves a new answer; if another copy was saved a moment earlier, says so as a refusal."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError(duplicate_message) from None


_SATISFACTION_DONE = "You have already told us how this course went. Thank you."
_RESILIENCE_DONE = "The resilience check at the {moment} of this course has already been recorded."


def resilience_check_refusal(*, application: Application, moment: str) -> str:
    """Why the check at this moment cannot be taken now ("" when it can): not open yet, or done already."""
    if moment not in WellbeingSurvey.Moment.values:
        return "Choose the check at the start or at the end of the course."
    if not resilience_check_open(application, moment):
        if moment == WellbeingSurvey.Moment.START:
            return "The check at the start of the course opens at enrolment."
        return "The check at the end of the course opens when the course is completed."
    if WellbeingSurvey.objects.filter(application=application, moment=moment).exists():
        return _RESILIENCE_DONE.format(moment=moment)
    return ""


def follow_up_refusal(*, application: Application, month: int, today: datetime.date | None = None) -> str:
    """Why this follow-up cannot be answered now ("" when it can): no job start, not due yet, or done."""
    if month not in FOLLOW_UP_MONTHS:
        return "Follow-ups are at 3, 6 and 12 months."
    started = job_started_on(application)
    if started is None:
        return "Follow-ups are only for learners who have started work."
    today = today or timezone.localdate()
    opens, closes = follow_up_window(started, month)
    if opens > today:
        return f"The {month}-month follow-up opens on {opens.day} {opens:%B %Y}, {month} months after the job start."
    if today >= closes:
        return (f"The {month}-month follow-up closed on {closes.day} {closes:%B %Y}: answers given this late "
                f"would not say how things were {month} months in.")
    if RetentionFollowUp.objects.filter(application=application, month=month).exists():
        return f"The {month}-month follow-up has already been recorded."
    return ""


def learner_satisfaction_refusal(*, application: Application) -> str:
    """Why the learner cannot rate this course now ("" when they can): not completed yet, or done."""
    if not satisfaction_open(application):
        return "You can tell us how the course went once you have completed it."
    if SatisfactionSurvey.objects.filter(application=application,
                                         respondent=SatisfactionSurvey.Respondent.LEARNER).exists():
        return _SATISFACTION_DONE
    return ""


@transaction.atomic
def resilience_check_record(*, application: Application, moment: str, answers: list[int], by,
                            taken_on: datetime.date | None = None, request=None) -> WellbeingSurvey:
    """Records the resilience check at the start or the end of the course, once per moment per application.

    The start check opens when the learner is enrolled, the end check when they have completed the course.
    Six answers, each 1 to 5. `by` is whoever typed the answers in: the learner, or staff from a paper copy
    (then `taken_on` is the day on the paper; it cannot be in the future).
    """
    if refusal := resilience_check_refusal(application=application, moment=moment):
        raise ValidationError(refusal)
    if len(answers) != len(RESILIENCE_ITEMS) or any(a not in range(1, 6) for a in answers):
        raise ValidationError("Please answer all six statements, choosing a number from 1 to 5 for each.")
    taken_on = taken_on or timezone.localdate()
    not_in_future(taken_on, "The date the check was taken", field="taken_on")
    survey = WellbeingSurvey(application=application, moment=moment, taken_on=taken_on, recorded_by=by,
                             **{f"item_{i}": value for i, value in enumerate(answers, start=1)})
    survey.full_clean(validate_constraints=False)  # the one per moment rule is checked above and on save
    _save_once(survey, duplicate_message=_RESILIENCE_DONE.format(moment=moment))
    audit_record(action="impact.resilience_check_recorded", actor=by, request=request, obj=survey,
                 learner_id=application.learner_id, note=f"moment={moment}")
    return survey


@transaction.atomic
def follow_up_record(*, application: Application, month: int, in_work: bool, same_employer: bool, by,
                     leaving_reason=None, progression=(), request=None,
                     today: datetime.date | None = None) -> RetentionFollowUp:
    """Records the 3, 6 or 12-month follow-up after a job start, once each, and not before it is due.

    Someone not in work in care cannot be with the same employer (the database refuses it too).
    `by` is the learner answering, or the staff member who asked them by phone.
    """
    if refusal := follow_up_refusal(application=application, month=month, today=today):
        raise ValidationError(refusal)
    if same_employer and not in_work:
        raise ValidationError({"same_employer": "You said you are not working in care now, so you cannot be with "
                                                "the same employer. Please answer “No” to this question, or "
                                                "change your first answer."})
    if leaving_reason is not None and same_employer:
        raise ValidationError({"leaving_reason": "A reason for leaving is only for someone no longer with the employer "
                                                 "they started with. Choose “Not applicable”, or change the answer "
                                                 "about the same employer."})
    unknown = set(progression) - {name for name, _label in PROGRESSION}
    if unknown:
        raise ValidationError({"progression": "Choose from the progression listed."})
    follow_up = RetentionFollowUp(application=application, month=month, in_work=in_work,
                                  same_employer=same_employer, leaving_reason=leaving_reason,
                                  recorded_at=timezone.now(), recorded_by=by,
                                  **{name: name in progression for name, _label in PROGRESSION})
    follow_up.full_clean(validate_constraints=False)
    _save_once(follow_up, duplicate_message=f"The {month}-month follow-up has already been recorded.")
    audit_record(action="impact.follow_up_recorded", actor=by, request=request, obj=follow_up,
                 learner_id=application.learner_id, note=f"month={month}")
    return follow_up


@transaction.atomic
def learner_satisfaction_give(*, application: Application, score: int, comment: str = "", by,
                              request=None) -> SatisfactionSurvey:
    """A learner says how satisfied they were with their course: once it is completed, once per application."""
    if refusal := learner_satisfaction_refusal(application=application):
        raise ValidationError(refusal)
    return _satisfaction_save(
        SatisfactionSurvey(respondent=SatisfactionSurvey.Respondent.LEARNER, application=application,
                           cohort=application.cohort, score=score, comment=comment.strip(),
                           recorded_on=timezone.localdate()),
        duplicate=_SATISFACTION_DONE, by=by, request=request, learner_id=application.learner_id)


@transaction.atomic
def provider_satisfaction_give(*, provider, score: int, comment: str = "", cohort=None, by,
                               request=None) -> SatisfactionSurvey:
    """A care provider says how satisfied it is with the academy, about one cohort or in general.

    A cohort may only be named if the provider worked with it (placements, interviews or ring-fenced
    places); each cohort is rated once per provider. General answers may be given again over time.
    """
    duplicate = "Your organisation has already given feedback about this cohort."
    if cohort is not None:
        if not cohorts_worked_with(provider=provider).filter(pk=cohort.pk).exists():
            raise ValidationError({"cohort": "Choose a cohort your organisation has worked with, or leave it blank."})
        if SatisfactionSurvey.objects.filter(respondent=SatisfactionSurvey.Respondent.PROVIDER, provider=provider,
                                             cohort=cohort).exists():
            raise ValidationError({"cohort": duplicate})
    return _satisfaction_save(
        SatisfactionSurvey(respondent=SatisfactionSurvey.Respondent.PROVIDER, provider=provider, cohort=cohort,
                           score=score, comment=comment.strip(), recorded_on=timezone.localdate()),
        duplicate=duplicate, by=by, request=request, learner_id=None)


def _satisfaction_save(survey: SatisfactionSurvey, *, duplicate, by, request, learner_id) -> SatisfactionSurvey:
    if survey.score not in range(1, 6):
        raise ValidationError({"score": "Choose a number from 1 to 5."})
    survey.full_clean(validate_constraints=False)
    _save_once(survey, duplicate_message=duplicate)
    audit_record(action="impact.satisfaction_given", actor=by, request=request, obj=survey, learner_id=learner_id,
                 note=f"respondent={survey.respondent}")
    return survey


@transaction.atomic
def evidence_review_record(*, programme, level: int, claim: str, data_behind: str, by,
                           reviewed_at: datetime.date | None = None, request=None) -> ProgrammeEvidence:
    """Records a review of where a programme stands on the NESTA standards (level 1 to 4), with the claim and
    the data behind it. Earlier reviews stay as history; the newest one is the programme's current level."""
    if level not in ProgrammeEvidence.Level.values:
        raise ValidationError({"level": "Choose a NESTA level from 1 to 4."})
    if not claim.strip() or not data_behind.strip():
        raise ValidationError("Say what the programme claims and what data backs the claim.")
    reviewed_at = reviewed_at or timezone.localdate()
    not_in_future(reviewed_at, "The date of the review", field="reviewed_at")
    evidence = ProgrammeEvidence(programme=programme, level=level, claim=claim.strip(),
                                 data_behind=data_behind.strip(), reviewed_at=reviewed_at, reviewed_by=by)
    evidence.full_clean()
    evidence.save()
    audit_record(action="impact.evidence_reviewed", actor=by, request=request, obj=evidence,
                 note=f"programme={programme.pk} level={level}")
    return evidence

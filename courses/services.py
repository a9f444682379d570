"""Writes for programmes, cohorts, sessions, attendance, qualifications and bursary payments."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from academy.dates import not_in_future
from academy.services import audit_record
from learners.models import Application

from .models import Attendance, BursaryPayment, Cohort, CohortSession, Programme, QualificationAward
from .selectors import ON_COURSE_STAGES


def cohort_save(*, cohort: Cohort | None = None, **fields) -> Cohort:
    """Creates or changes a cohort. Capacity cannot drop below the places already taken."""
    cohort = cohort or Cohort()
    for name, value in fields.items():
        setattr(cohort, name, value)
    if cohort.pk:
        from .selectors import places_taken

        taken = places_taken(cohort)
        if cohort.capacity is not None and cohort.capacity < taken:
            raise ValidationError({"capacity": f"{taken} places are already taken; capacity cannot be lower."})
    cohort.full_clean()
    cohort.save()
    return cohort


def session_create(*, cohort: Cohort, by, date: datetime.date, title: str) -> CohortSession:
    """Adds a taught session. It must fall within the cohort's dates."""
    if not (cohort.start_date <= date <= cohort.end_date):
        raise ValidationError({"date": f"The session must be between {cohort.start_date:%d %B %Y} and "
                                       f"{cohort.end_date:%d %B %Y}, the cohort's dates."})
    session = CohortSession(cohort=cohort, date=date, title=title)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def attendance_record(*, session: CohortSession, by, statuses: dict) -> list[Attendance]:
    """Records attendance for a session that has happened, for learners enrolled on its cohort.

    `statuses` maps an Application (or its id) to an Attendance.Status. Recording again replaces the status.
    """
    if session.date > timezone.localdate():
        raise ValidationError("Attendance can only be recorded for a session that has taken place.",
                              code="future_session")
    ids = {getattr(a, "pk", a): s for a, s in statuses.items()}
    allowed = set(
        Application.objects.filter(cohort=session.cohort_id, stage__in=ON_COURSE_STAGES, pk__in=ids)
        .values_list("pk", flat=True)
    )
    if set(ids) - allowed:
        raise ValidationError("Attendance can only be recorded for learners enrolled on this cohort.",
                              code="not_enrolled")
    rows = []
    for application_id, status in ids.items():
        if status not in Attendance.Status.values:
            raise ValidationError(f"“{status}” is not an attendance status.", code="bad_status")
        row, _ = Attendance.objects.update_or_create(
            session=session, application_id=application_id, defaults={"status": status, "recorded_by": by}
        )
        rows.append(row)
    return rows


def qualification_award_record(*, application: Application, by, title: str, awarded_on: datetime.date,
                               level: str = "", awarding_body: str = "") -> QualificationAward:
    """Records a qualification gained on the course, for a learner who was enrolled on it."""
    if application.stage not in ON_COURSE_STAGES:
        raise ValidationError("Qualifications are recorded for learners who were enrolled on the course.",
                              code="not_enrolled")
    not_in_future(awarded_on, "The date awarded", field="awarded_on")
    award = QualificationAward(application=application, title=title, level=level, awarding_body=awarding_body,
                               awarded_on=awarded_on, recorded_by=by)
    award.full_clean()
    award.save()
    return award


def programme_save(*, programme: Programme | None = None, by, **fields) -> Programme:
    """Creates or changes a programme. A programme is never deleted: taking it off the public list
    (is_active false) keeps its cohorts, applications and figures."""
    programme = programme or Programme()
    for name, value in fields.items():
        setattr(programme, name, value)
    if not programme.slug:
        programme.slug = slugify(programme.name)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def bursary_payment_record(*, application: Application, by, amount: Decimal, paid_on: datetime.date, paid_by: str,
                           employer=None, note: str = "", paid_below_threshold_because: str = "") -> BursaryPayment:
    """Records a bursary paid to a learner who was on the course, against eligibility.

    Eligible means attendance at or above ACADEMY_BURSARY_ATTENDANCE_THRESHOLD (AttendanceSummary). Below
    it the payment is refused, saying what the attendance is, unless staff write why it is paid anyway:
    authorised absences count as missed sessions, and Jobcentre Plus or an employer may pay by their own
    rules. With no attendance recorded there is nothing to pay against. Every payment is audited.
    """
    from .selectors import attendance_summaries

    if application.stage not in ON_COURSE_STAGES:
        raise ValidationError("A bursary is paid to learners who were enrolled on the course.", code="not_enrolled")
    summary = attendance_summaries(application_ids=[application.pk])[application.pk]
    reason = paid_below_threshold_because.strip()
    if summary.rate is None:
        raise ValidationError("No attendance has been recorded for this learner yet, so there is nothing to pay "
                              "a bursary against. Record the register first.", code="no_attendance")
    if summary.bursary_eligible:
        reason = ""  # only a payment below the threshold needs a reason
    elif not reason:
        raise ValidationError({"paid_below_threshold_because": (
            f"{application.learner} is not eligible for a bursary: attendance is {summary.rate}% "
            f"({summary.attended} of {summary.recorded} sessions), below the {summary.threshold}% needed. "
            "Write why the bursary is paid anyway, or do not record it.")}, code="not_eligible")
    not_in_future(paid_on, "The date paid", field="paid_on")
    if amount is not None and amount <= 0:
        raise ValidationError({"amount": "The amount paid must be more than £0."}, code="not_positive")
    payment = BursaryPayment(application=application, amount=amount, paid_on=paid_on, paid_by=paid_by,
                             employer=employer, note=note, paid_below_threshold_because=reason,
                             attendance_rate=Decimal(str(summary.rate)), recorded_by=by)
    payment.full_clean()
    payment.save()
    audit_record(action="bursary.pay", actor=by, obj=payment, learner_id=application.learner_id,
                 note=f"Paid by {payment.get_paid_by_display().lower()}"
                      + ("; below the attendance threshold" if reason else ""))
    return payment

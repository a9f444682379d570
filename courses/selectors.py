"""Reads for course pages: programmes, cohorts with places left, attendance rates and bursaries."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from learners.models import Stage

from .models import Attendance, BursaryPayment, Cohort, Programme

# Stages that hold a place on the cohort (applied, referred, not progressed and withdrawn do not).
PLACE_TAKING_STAGES = [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED,
                       Stage.OFFERED, Stage.STARTED_WORK]
# Stages of someone who is (or was) on the course, for attendance and qualifications.
ON_COURSE_STAGES = [Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED,
                    Stage.STARTED_WORK]


def _with_places_taken(qs):
    return qs.annotate(taken=Count("applications", filter=Q(applications__stage__in=PLACE_TAKING_STAGES)))


def places_taken(cohort: Cohort) -> int:
    return cohort.applications.filter(stage__in=PLACE_TAKING_STAGES).count()


def upcoming_cohorts(**filters):
    """Cohorts still open for applications, of programmes on the public list, with `taken` and `places_left`."""
    qs = _with_places_taken(
        Cohort.objects.filter(is_open_for_applications=True, programme__is_active=True,
                              start_date__gte=timezone.localdate(), **filters)
        .select_related("programme", "locality")
    )
    cohorts = list(qs)
    for cohort in cohorts:
        cohort.places_left = max(cohort.capacity - cohort.taken, 0)
    return cohorts


def programmes_public():
    """Active programmes, each with `.upcoming` (its open cohorts and their places left)."""
    programmes = list(Programme.objects.filter(is_active=True))
    by_programme = {}
    for cohort in upcoming_cohorts():
        by_programme.setdefault(cohort.programme_id, []).append(cohort)
    for programme in programmes:
        programme.upcoming = by_programme.get(programme.pk, [])
    return programmes


def programme_public_detail(*, slug: str) -> Programme | None:
    programme = Programme.objects.filter(is_active=True, slug=slug).first()
    if programme:
        programme.upcoming = upcoming_cohorts(programme=programme)
    return programme


def programmes_for_staff():
    """Every programme, active or not, with how many cohorts it has run."""
    return list(Programme.objects.annotate(cohort_count=Count("cohorts")).order_by("-is_active", "name"))


def cohort_for_application(*, pk) -> Cohort | None:
    """An open cohort someone may apply to, with places left."""
    return next(iter(upcoming_cohorts(pk=pk)), None)


def cohorts_for_staff(*, cohorts):
    return list(_with_places_taken(cohorts.select_related("programme", "locality", "tutor")).order_by("-start_date"))


@dataclass(frozen=True)
class AttendanceSummary:
    attended: int
    recorded: int
    threshold: int

    @property
    def rate(self) -> float | None:
        """Percentage of recorded sessions attended (present or late); None before any is recorded."""
        return round(100 * self.attended / self.recorded, 1) if self.recorded else None

    @property
    def bursary_eligible(self) -> bool:
        return self.rate is not None and self.rate >= self.threshold


def attendance_summaries(*, application_ids) -> dict[int, AttendanceSummary]:
    """Attendance rate and bursary eligibility for each application, in one query."""
    threshold = settings.ACADEMY_BURSARY_ATTENDANCE_THRESHOLD
    rows = (
        # order_by() drops the default ordering on session__date, which would join every session.
        Attendance.objects.filter(application_id__in=list(application_ids))
        .order_by()
        .values("application_id")
        .annotate(recorded=Count("pk"), attended=Count("pk", filter=Q(status__in=Attendance.ATTENDED)))
    )
    found = {r["application_id"]: AttendanceSummary(r["attended"], r["recorded"], threshold) for r in rows}
    return {pk: found.get(pk, AttendanceSummary(0, 0, threshold)) for pk in application_ids}


def bursaries_paid(*, application_ids) -> dict:
    """Total bursary paid to each application that has been paid any, in one query."""
    rows = (BursaryPayment.objects.filter(application_id__in=list(application_ids)).order_by()
            .values("application_id").annotate(total=Sum("amount")))
    return {r["application_id"]: r["total"] for r in rows}


def cohort_attendance_register(*, cohort: Cohort):
    """Sessions, on-course applications and a grid of statuses for the cohort's register page."""
    from learners.models import Application

    sessions = list(cohort.sessions.prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.only("session_id", "application_id", "status"))
    ))
    applications = list(
        Application.objects.filter(cohort=cohort, stage__in=ON_COURSE_STAGES).select_related("learner")
        .order_by("learner__last_name", "learner__first_name")
    )
    grid = {(a.session_id, a.application_id): a for s in sessions for a in s.attendance.all()}
    summaries = attendance_summaries(application_ids=[a.pk for a in applications])
    return sessions, applications, grid, summaries


def cohorts_ending_between(first, last):
    """Cohorts whose last day falls from `first` to `last`, both included."""
    return Cohort.objects.filter(end_date__gte=first, end_date__lte=last).select_related("locality")

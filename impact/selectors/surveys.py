"""When each survey opens for an application, and which ones a learner (or their staff) still has to do.

The opening rules live here once, so the learner's task list, the staff learner page and the services
that record answers (impact.services.surveys) agree about what is due:

- the resilience check at the start opens once the application has been enrolled (or gone further);
- the resilience check at the end, and the learner's satisfaction answer, once the course is completed
  (a completion recorded by staff, courses.outcomes, whatever the job stage; or the learner has started
  work, which means the course is behind them);
- the 3, 6 and 12-month follow-ups once that many calendar months have passed since the job start
  (placements.JobStart, or the "started work" stage change when an application has no job start
  record), each until the next one opens (the last for three months): follow_ups_due, which the
  follow-up reminder sends from.
Each one is answered once per application.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone

from academy.dates import add_months
from courses.models import Cohort
from courses.outcomes import completed_course
from impact.models import FOLLOW_UP_MONTHS, WellbeingSurvey
from learners.models import Application, Stage, StageTransition

ON_COURSE_OR_LATER = {Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED,
                      Stage.STARTED_WORK}
COURSE_BEHIND_THEM = {Stage.COMPLETED, Stage.STARTED_WORK}


def stages_reached(application: Application) -> set[str]:
    """Every stage the application has been at (its stage changes, and where it is now).

    Uses application.transitions.all(), so a prefetched application costs no query."""
    return {t.to_stage for t in application.transitions.all()} | {application.stage}


def _course_behind_them(application: Application) -> bool:
    """Completed the course (a recorded course outcome, whatever the job stage), or started work."""
    return completed_course(application) or bool(stages_reached(application) & COURSE_BEHIND_THEM)


def resilience_check_open(application: Application, moment: str) -> bool:
    if moment == WellbeingSurvey.Moment.START:
        return bool(stages_reached(application) & ON_COURSE_OR_LATER)
    return _course_behind_them(application)


def satisfaction_open(application: Application) -> bool:
    return _course_behind_them(application)


def job_started_on(application: Application) -> datetime.date | None:
    """The day the learner started work through this application; None if they have not."""
    starts = [s.started_on for s in application.job_starts.all()]
    if starts:
        return min(starts)
    moves = [t.at for t in application.transitions.all() if t.to_stage == Stage.STARTED_WORK]
    return timezone.localdate(min(moves)) if moves else None


# The last follow-up stays open this long; each earlier one until the next one opens.
LAST_FOLLOW_UP_OPEN_MONTHS = 3
ONE_DAY = datetime.timedelta(days=1)


def follow_up_window(started: datetime.date, month: int) -> tuple[datetime.date, datetime.date]:
    """The first day the follow-up can be answered, and the first day it no longer can, for a job started on
    `started`. It opens `month` months in. An answer about "3 months in" given a year in would make the
    retention figures wrong, so the 3-month check-in closes when the 6-month one opens, the 6-month when
    the 12-month opens, and the 12-month three months after it opened."""
    later = [m for m in FOLLOW_UP_MONTHS if m > month]
    return add_months(started, month), add_months(started, later[0] if later else month + LAST_FOLLOW_UP_OPEN_MONTHS)


def follow_ups_open(application: Application, today: datetime.date) -> list[int]:
    """The months of the application's follow-ups that are due on `today`: inside their window
    (follow_up_window) and not answered yet. Reads prefetched job_starts, transitions and retention_follow_ups."""
    started = job_started_on(application)
    if started is None:
        return []
    answered = {f.month for f in application.retention_follow_ups.all()}
    windows = {month: follow_up_window(started, month) for month in FOLLOW_UP_MONTHS if month not in answered}
    return [month for month, (opens, closes) in windows.items() if opens <= today < closes]


@dataclass
class FollowUpDue:
    application: Application
    month: int
    started_on: datetime.date
    job_start: object = None  # the placements.JobStart the date comes from; None for a "started work" stage change


def _last_day_where(holds, near: datetime.date) -> datetime.date:
    """The last day on which `holds` (true up to some day, false after it) is true, searched from `near`."""
    day = near
    while not holds(day):
        day -= ONE_DAY
    while holds(day + ONE_DAY):
        day += ONE_DAY
    return day


def follow_up_started_between(month: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last job-start days for which the `month` follow-up is open on `today`:
    follow_up_window turned round, so a database can test a start date against it. Calendar months are
    uneven (31 January plus a month is 28 February), so the ends are found by asking follow_up_window
    itself about the days around the rough answer."""
    roughly = add_months(today, -month)
    opens, closes = follow_up_window(roughly, month)
    last = _last_day_where(lambda started: follow_up_window(started, month)[0] <= today, roughly)
    first = _last_day_where(lambda started: follow_up_window(started, month)[1] <= today,
                            roughly - (closes - opens)) + ONE_DAY
    return first, last


def applications_with_follow_up_due(*, today: datetime.date | None = None,
                                    learners: QuerySet | None = None) -> QuerySet:
    """Applications with a follow-up due today, each with `follow_up_month` and `job_started_on`: the
    follow_ups_due rule as one query, so a count of it and a page of it are one query each. `learners`:
    only their applications (the staff work queue's learners).

    A follow-up's window closes when the next one opens, so at most one is due per application.
    """
    from placements.models import JobStart

    from ..models import RetentionFollowUp

    today = today or timezone.localdate()
    first_start = JobStart.objects.filter(application_id=OuterRef("pk")).order_by("started_on", "pk")
    first_move = (StageTransition.objects.filter(application_id=OuterRef("pk"), to_stage=Stage.STARTED_WORK)
                  .order_by("at", "pk").annotate(day=TruncDate("at")))
    windows = {month: follow_up_started_between(month, today) for month in FOLLOW_UP_MONTHS}
    earliest, latest = min(w[0] for w in windows.values()), max(w[1] for w in windows.values())
    # A start (or a "started work" change, a day of slack for its local date) somewhere in the windows: the
    # indexes on the start date and the change's time find these few applications (a union, not an OR of
    # EXISTS over every application) before the exact rule below reads their first start.
    def local_midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    started_then = (
        JobStart.objects.filter(started_on__range=(earliest, latest)).order_by().values("application_id")
        .union(StageTransition.objects.filter(
            to_stage=Stage.STARTED_WORK,
            at__gte=local_midnight(earliest - ONE_DAY), at__lt=local_midnight(latest + 2 * ONE_DAY),
        ).order_by().values("application_id"))
    )
    due_month = Case(*(
        When(Q(job_started_on__range=window)
             & ~Exists(RetentionFollowUp.objects.filter(application_id=OuterRef("pk"), month=month)),
             then=Value(month))
        for month, window in windows.items()), default=None, output_field=IntegerField())
    # The applications that may have one (started then, the learner has an account, not withdrawn) are found
    # in a subquery of their own, so the exact rule, which reads each one's first start, is asked of these
    # few only, not of every application of a learner with an account.
    candidates = (Application.objects.filter(pk__in=started_then, learner__user__isnull=False)
                  .exclude(stage=Stage.WITHDRAWN))
    if learners is not None:
        candidates = candidates.filter(learner__in=learners)
    return (
        Application.objects.filter(pk__in=candidates.order_by().values("pk"))
        .annotate(job_started_on=Coalesce(Subquery(first_start.values("started_on")[:1]),
                                          Subquery(first_move.values("day")[:1]), output_field=DateField()))
        .annotate(follow_up_month=due_month)
        .filter(follow_up_month__isnull=False)
    )


def follow_ups_due(*, today: datetime.date | None = None) -> list[FollowUpDue]:
    """Every follow-up due today, for learners with an account whose application is not withdrawn.

    "Follow-up due", the one rule the reminder, the staff work queue, the survey pages (surveys_due) and
    the write service (follow_up_refusal) share: the N-month follow-up is due from N calendar months after
    the job start (job_started_on) until the next one opens, the 12-month one for LAST_FOLLOW_UP_OPEN_MONTHS
    after it opened (follow_up_window), while it has not been answered. Asked of the database by
    applications_with_follow_up_due; follow_ups_open asks it of one application already in memory.
    """
    from placements.models import JobStart

    applications = (
        applications_with_follow_up_due(today=today).select_related("learner__user")
        .prefetch_related(Prefetch("job_starts", queryset=JobStart.objects.select_related("provider")
                                   .order_by("started_on", "pk")))
        .order_by("pk")
    )
    due = []
    for application in applications:
        starts = list(application.job_starts.all())
        due.append(FollowUpDue(application, application.follow_up_month, application.job_started_on,
                               starts[0] if starts else None))
    return due


@dataclass
class DueSurvey:
    """One survey an application still needs, with the page that takes it."""

    kind: str           # "resilience", "follow_up" or "satisfaction"
    application: Application
    text: str
    url: str
    moment: str = ""
    month: int | None = None


# What the opening rules and the "already answered" checks read from each application, besides its
# stage changes (transitions) and cohort; pages that already fetch the learner's applications add these.
SURVEY_PREFETCHES = ("job_starts", "wellbeing_surveys", "retention_follow_ups", "satisfaction_surveys",
                     "course_outcomes")
# What surveys_due(for_staff=True) reads: staff never answer the learner's satisfaction survey.
STAFF_SURVEY_PREFETCHES = ("job_starts", "wellbeing_surveys", "retention_follow_ups", "course_outcomes")


def survey_applications(*, learner_ids) -> QuerySet:
    """Applications with everything the opening rules and the 'already answered' checks need: 6 queries."""
    return (
        Application.objects.filter(learner_id__in=learner_ids)
        .select_related("cohort")
        .prefetch_related(
            Prefetch("transitions", queryset=StageTransition.objects.only("application_id", "to_stage", "at")),
            *SURVEY_PREFETCHES,
        )
        .order_by("-submitted_at")
    )


def surveys_due(*, learner, for_staff: bool = False, today: datetime.date | None = None,
                applications=None) -> list[DueSurvey]:
    """The surveys that are open and not yet answered for the learner's applications, oldest first.

    `applications`: the learner's applications already fetched with their transitions, cohort and
    SURVEY_PREFETCHES (as the learner pages do), so this costs no query; otherwise they are fetched.

    The learner answers all three kinds on their own pages; staff may take the resilience checks on paper
    and the follow-ups by phone (satisfaction is the learner's own voice, so staff do not record it).
    Withdrawn applications are left out: nobody chases a learner who has left.
    """
    today = today or timezone.localdate()
    due = []
    if applications is None:
        applications = survey_applications(learner_ids=[learner.pk])
    for application in sorted(applications, key=lambda a: a.submitted_at):
        if application.stage == Stage.WITHDRAWN:
            continue
        course = application.cohort.name
        taken = {s.moment for s in application.wellbeing_surveys.all()}
        for moment in WellbeingSurvey.Moment.values:
            if moment not in taken and resilience_check_open(application, moment):
                name = "impact:staff_resilience" if for_staff else "impact:resilience"
                due.append(DueSurvey(
                    "resilience", application,
                    f"Resilience check at the {moment} of {course}",
                    reverse(name, args=[application.pk, moment]), moment=moment))
        for month in follow_ups_open(application, today):
            name = "impact:staff_follow_up" if for_staff else "impact:follow_up"
            due.append(DueSurvey(
                "follow_up", application, f"{month}-month check-in: how work is going",
                reverse(name, args=[application.pk, month]), month=month))
        if not for_staff and satisfaction_open(application) and not application.satisfaction_surveys.all():
            due.append(DueSurvey("satisfaction", application, f"Tell us how {course} went for you",
                                 reverse("impact:satisfaction", args=[application.pk])))
    return due


def cohorts_worked_with(*, provider) -> QuerySet:
    """Cohorts a provider has worked with: placements or interviews with its learners, or ring-fenced places."""
    from placements.models import Interview, Placement
    from vacancies.models import RingFence

    return (
        Cohort.objects.filter(
            Q(pk__in=Placement.objects.filter(provider=provider).values("application__cohort_id"))
            | Q(pk__in=Interview.objects.filter(provider=provider).values("application__cohort_id"))
            | Q(pk__in=RingFence.objects.filter(vacancy__provider=provider).values("cohort_id"))
        )
        .select_related("programme", "locality")
        .order_by("-start_date", "name")
    )

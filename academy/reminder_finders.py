"""Who is due which reminder on a given day, one finder per kind (registered in academy.reminders).

Finders read other apps' records through `apps.get_model`; each yields `Due` items with a stable
object key, so the same reminder is recognised on every run. Emails carry no sensitive detail:
staff reminders give counts and a link, not names.
"""

import calendar
import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import ReminderKind
from .reminders import (
    CHECKS_OUTSTANDING_DAYS,
    DBS_RECHECK_EVERY_DAYS,
    FOLLOW_UP_MONTHS,
    PLACEMENT_STARTING_DAYS,
    VACANCY_CLOSING_DAYS,
    Due,
    _model,
    _provider_users,
    _staff_for_locality,
    finder,
)

# Follow-ups whose date passed longer ago than this are not sent (e.g. on the first run after import).
FOLLOW_UP_GRACE_DAYS = 14


def _url(name, *args, default=""):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return default


def _day_bounds(day):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@finder(ReminderKind.INTERVIEW_TOMORROW)
def interviews_tomorrow(today):
    Interview = _model("placements.Interview")
    if Interview is None:
        return
    start, end = _day_bounds(today + datetime.timedelta(days=1))
    interviews = (Interview.objects.filter(outcome="pending", slot__starts_at__gte=start, slot__starts_at__lt=end)
                  .select_related("slot__site", "vacancy", "provider", "application__learner__user"))
    for interview in interviews:
        when = timezone.localtime(interview.slot.starts_at)
        place = interview.slot.site.name
        learner = interview.application.learner
        if learner.user_id:
            yield Due(ReminderKind.INTERVIEW_TOMORROW, f"interview:{interview.pk}", learner.user,
                      f"Your interview tomorrow at {when:%H:%M}",
                      f"You have an interview for {interview.vacancy.role_title} with {interview.provider.name} "
                      f"tomorrow, {when:%A %d %B}, at {when:%H:%M}, at {place}. Good luck!",
                      _url("learners:me"))
        for user in _provider_users(interview.provider_id):
            yield Due(ReminderKind.INTERVIEW_TOMORROW, f"interview:{interview.pk}", user,
                      f"Interview tomorrow at {when:%H:%M}: {interview.vacancy.role_title}",
                      f"An academy learner, {learner.first_name}, has an interview for "
                      f"{interview.vacancy.role_title} tomorrow, {when:%A %d %B}, at {when:%H:%M}, at {place}.",
                      _url("providers:home"))


@finder(ReminderKind.PLACEMENT_STARTING)
def placements_starting(today):
    Placement = _model("placements.Placement")
    if Placement is None:
        return
    placements = (Placement.objects.filter(status__in=["confirmed", "accepted"], start_date__gte=today,
                                           start_date__lte=today + datetime.timedelta(days=PLACEMENT_STARTING_DAYS))
                  .select_related("provider", "opportunity__site", "application__learner__user"))
    for placement in placements:
        learner = placement.application.learner
        site = placement.opportunity.site.name
        start = f"{placement.start_date:%A %d %B}"
        if learner.user_id:
            yield Due(ReminderKind.PLACEMENT_STARTING, f"placement:{placement.pk}", learner.user,
                      f"Your placement starts on {start}",
                      f"Your work placement with {placement.provider.name} at {site} starts on {start}."
                      + (f" Your supervisor is {placement.supervisor_name}." if placement.supervisor_name else ""),
                      _url("learners:me"))
        for user in _provider_users(placement.provider_id):
            yield Due(ReminderKind.PLACEMENT_STARTING, f"placement:{placement.pk}", user,
                      f"Academy placement starting on {start}",
                      f"{learner.first_name} from the academy starts a work placement at {site} on {start}.",
                      _url("providers:home"))


@finder(ReminderKind.CHECKS_OUTSTANDING)
def checks_outstanding(today):
    """References or DBS not done for learners on a course ending within a week: one reminder per cohort."""
    Cohort = _model("courses.Cohort")
    Reference = _model("learners.Reference")
    DbsCheck = _model("learners.DbsCheck")
    Application = _model("learners.Application")
    if not (Cohort and Reference and DbsCheck):
        return
    from learners.personnel.context import references_required

    cohorts = Cohort.objects.filter(end_date__gte=today,
                                    end_date__lte=today + datetime.timedelta(days=CHECKS_OUTSTANDING_DAYS))
    for cohort in cohorts.select_related("locality"):
        applications = (Application.objects.filter(cohort=cohort, stage__in=["enrolled", "placed"])
                        .annotate(refs=Count("learner__references", filter=Q(learner__references__received_on__isnull=False),
                                             distinct=True),
                                  cleared=Count("learner__dbs_checks", distinct=True,
                                                filter=Q(learner__dbs_checks__status__in=["certificate_issued",
                                                                                           "update_service"])
                                                & (Q(learner__dbs_checks__content="clear")
                                                   | Q(learner__dbs_checks__decision="proceed")))))
        refs_missing = sum(1 for a in applications if a.refs < references_required())
        dbs_missing = sum(1 for a in applications if not a.cleared)
        if not refs_missing and not dbs_missing:
            continue
        body = (f"{cohort.name} ends on {cohort.end_date:%A %d %B}. "
                f"{refs_missing} learner(s) still have references outstanding and {dbs_missing} are not yet "
                "cleared by DBS. Chasing them now keeps the path from course to job short.")
        for user in _staff_for_locality(cohort.locality_id):
            yield Due(ReminderKind.CHECKS_OUTSTANDING, f"cohort:{cohort.pk}:checks", user,
                      f"Checks outstanding: {cohort.name} ends in {(cohort.end_date - today).days} day(s)", body,
                      _url("academy:home"))


@finder(ReminderKind.DBS_RECHECK_DUE)
def dbs_rechecks_due(today):
    DbsCheck = _model("learners.DbsCheck")
    DbsStatusCheck = _model("learners.DbsStatusCheck")
    if DbsCheck is None or DbsStatusCheck is None:
        return
    last_check = (DbsStatusCheck.objects.filter(dbs_check=OuterRef("pk")).order_by("-checked_on")
                  .values("checked_on")[:1])
    checks = (DbsCheck.objects.filter(update_service_subscribed_on__isnull=False, status="update_service",
                                      learner__erased_at__isnull=True)
              .annotate(last_checked_on=Subquery(last_check)).select_related("learner"))
    for check in checks:
        since = check.last_checked_on or check.update_service_subscribed_on
        due_on = since + datetime.timedelta(days=DBS_RECHECK_EVERY_DAYS)
        if due_on > today:
            continue
        for user in _staff_for_locality(check.learner.locality_id):
            yield Due(ReminderKind.DBS_RECHECK_DUE, f"dbs:{check.pk}:{due_on.isoformat()}", user,
                      "DBS update-service re-check due",
                      f"A learner's DBS update-service status was last checked on {since:%d %B %Y}; a re-check "
                      f"was due on {due_on:%d %B %Y}. Check it online with the learner's consent and record the result.",
                      _url("academy:home"))


@finder(ReminderKind.FOLLOW_UP_SURVEY)
def follow_up_surveys(today):
    JobStart = _model("placements.JobStart")
    if JobStart is None:
        return
    earliest = add_months(today - datetime.timedelta(days=FOLLOW_UP_GRACE_DAYS), -max(FOLLOW_UP_MONTHS))
    starts = (JobStart.objects.filter(started_on__gte=earliest, started_on__lte=add_months(today, -min(FOLLOW_UP_MONTHS)),
                                      learner__user__isnull=False)
              .select_related("learner__user", "provider"))
    for start in starts:
        for months in FOLLOW_UP_MONTHS:
            due_on = add_months(start.started_on, months)
            if not (due_on <= today <= due_on + datetime.timedelta(days=FOLLOW_UP_GRACE_DAYS)):
                continue
            yield Due(ReminderKind.FOLLOW_UP_SURVEY, f"job_start:{start.pk}:{months}m", start.learner.user,
                      f"How is work going? Your {months}-month check-in",
                      f"It is {months} months since you started work with {start.employer_label}. Please answer a few "
                      "short questions about how it is going: your answers help the academy support the next "
                      "learners and keep people in care jobs.",
                      _url("impact:survey", default=_url("learners:me")))


@finder(ReminderKind.VACANCY_CLOSING)
def vacancies_closing(today):
    Vacancy = _model("vacancies.Vacancy")
    RingFence = _model("vacancies.RingFence")
    Interview = _model("placements.Interview")
    if not (Vacancy and RingFence and Interview):
        return
    booked = (Interview.objects.filter(vacancy=OuterRef("vacancy_id"), application__cohort=OuterRef("cohort_id"))
              .exclude(outcome="withdrawn").values("vacancy").annotate(n=Count("pk")).values("n")[:1])
    fences = (RingFence.objects.filter(vacancy__status="open", vacancy__closing_date__gte=today,
                                       vacancy__closing_date__lte=today + datetime.timedelta(days=VACANCY_CLOSING_DAYS))
              .annotate(booked=Subquery(booked)).select_related("vacancy", "cohort"))
    free_by_vacancy = {}
    for fence in fences:
        free = fence.places - (fence.booked or 0)
        if free > 0:
            vacancy, total = free_by_vacancy.get(fence.vacancy_id, (fence.vacancy, 0))
            free_by_vacancy[fence.vacancy_id] = (vacancy, total + free)
    for vacancy, free in free_by_vacancy.values():
        for user in _provider_users(vacancy.provider_id):
            yield Due(ReminderKind.VACANCY_CLOSING, f"vacancy:{vacancy.pk}:closing", user,
                      f"{vacancy.role_title} closes on {vacancy.closing_date:%d %B}: {free} ring-fenced place(s) free",
                      f"Your vacancy {vacancy.role_title} closes on {vacancy.closing_date:%A %d %B} and {free} interview "
                      "place(s) ring-fenced for academy learners are still free. Offer interview slots so the "
                      "learners get the interview they were promised.",
                      _url("providers:home"))

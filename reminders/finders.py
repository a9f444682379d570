"""Who is due which reminder on a given day, one finder per kind (registered in reminders.services.FINDERS).

Each finder asks the app that owns the records what is due (its selectors), then words the reminder.
Each yields `Due` items with a stable object key, so the same reminder is recognised on every run.
Emails carry no sensitive detail: staff reminders give counts and a link, not names.
"""

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from courses.selectors import cohorts_ending_between
from impact.selectors.surveys import follow_ups_due
from learners.selectors import cohort_checks_outstanding, dbs_rechecks_due
from placements.selectors import interviews_pending_between, placements_starting_between
from providers.permissions import provider_learner_view
from vacancies.selectors import vacancies_closing_with_free_places

from .models import ReminderKind
from .services import (
    CHECKS_OUTSTANDING_DAYS,
    PLACEMENT_STARTING_DAYS,
    VACANCY_CLOSING_DAYS,
    Due,
    _provider_users,
    _staff_for_locality,
    finder,
)


def _url(name, *args, default=""):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return default


def _name_for_provider(provider_id, learner) -> str:
    """The learner's first name if this provider may see it now (providers.permissions), else ""."""
    return learner.first_name if provider_learner_view(provider_id, learner).name else ""


def _day_bounds(day):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


@finder(ReminderKind.INTERVIEW_TOMORROW)
def interviews_tomorrow(today):
    for interview in interviews_pending_between(*_day_bounds(today + datetime.timedelta(days=1))):
        when = timezone.localtime(interview.slot.starts_at)
        place = interview.slot.site.name
        learner = interview.application.learner
        if learner.user_id:
            yield Due(ReminderKind.INTERVIEW_TOMORROW, f"interview:{interview.pk}", learner.user,
                      f"Your interview tomorrow at {when:%H:%M}",
                      f"You have an interview for {interview.vacancy.role_title} with {interview.provider.name} "
                      f"tomorrow, {when:%A %d %B}, at {when:%H:%M}, at {place}. Good luck!",
                      _url("learners:me"))
        name = _name_for_provider(interview.provider_id, learner)
        for user in _provider_users(interview.provider_id):
            yield Due(ReminderKind.INTERVIEW_TOMORROW, f"interview:{interview.pk}", user,
                      f"Interview tomorrow at {when:%H:%M}: {interview.vacancy.role_title}",
                      f"An academy learner{f', {name},' if name else ''} has an interview for "
                      f"{interview.vacancy.role_title} tomorrow, {when:%A %d %B}, at {when:%H:%M}, at {place}.",
                      _url("providers:home"))


@finder(ReminderKind.PLACEMENT_STARTING)
def placements_starting(today):
    for placement in placements_starting_between(today, today + datetime.timedelta(days=PLACEMENT_STARTING_DAYS)):
        learner = placement.application.learner
        site = placement.opportunity.site.name
        start = f"{placement.start_date:%A %d %B}"
        if learner.user_id:
            yield Due(ReminderKind.PLACEMENT_STARTING, f"placement:{placement.pk}", learner.user,
                      f"Your placement starts on {start}",
                      f"Your work placement with {placement.provider.name} at {site} starts on {start}."
                      + (f" Your supervisor is {placement.supervisor_name}." if placement.supervisor_name else ""),
                      _url("learners:me"))
        name = _name_for_provider(placement.provider_id, learner)
        for user in _provider_users(placement.provider_id):
            yield Due(ReminderKind.PLACEMENT_STARTING, f"placement:{placement.pk}", user,
                      f"Academy placement starting on {start}",
                      f"{name or 'A learner'} from the academy starts a work placement at {site} on {start}.",
                      _url("providers:home"))


@finder(ReminderKind.CHECKS_OUTSTANDING)
def checks_outstanding(today):
    """References or DBS not done for learners on a course ending within a week: one reminder per cohort."""
    for cohort in cohorts_ending_between(today, today + datetime.timedelta(days=CHECKS_OUTSTANDING_DAYS)):
        refs_missing, dbs_missing = cohort_checks_outstanding(cohort=cohort)
        if not refs_missing and not dbs_missing:
            continue
        body = (f"{cohort.name} ends on {cohort.end_date:%A %d %B}. "
                f"{refs_missing} learner(s) still have references outstanding and {dbs_missing} are not yet "
                "cleared by DBS. Chasing them now keeps the path from course to job short.")
        for user in _staff_for_locality(cohort.locality_id):
            yield Due(ReminderKind.CHECKS_OUTSTANDING, f"cohort:{cohort.pk}:checks", user,
                      f"Checks outstanding: {cohort.name} ends in {(cohort.end_date - today).days} day(s)", body,
                      _url("workqueue:home"))


@finder(ReminderKind.DBS_RECHECK_DUE)
def dbs_update_service_rechecks(today):
    for check, since, due_on in dbs_rechecks_due(today=today):
        for user in _staff_for_locality(check.learner.locality_id):
            yield Due(ReminderKind.DBS_RECHECK_DUE, f"dbs:{check.pk}:{due_on.isoformat()}", user,
                      "DBS update-service re-check due",
                      f"A learner's DBS update-service status was last checked on {since:%d %B %Y}; a re-check "
                      f"was due on {due_on:%d %B %Y}. Check it online with the learner's consent and record the result.",
                      _url("workqueue:home"))


@finder(ReminderKind.FOLLOW_UP_SURVEY)
def follow_up_surveys(today):
    """The follow-ups impact says are due (impact.selectors.surveys.follow_ups_due), each reminded once.

    The key names the job start, or the application when the start is only a "started work" stage change.
    """
    for item in follow_ups_due(today=today):
        months, start = item.month, item.job_start
        key = f"job_start:{start.pk}:{months}m" if start else f"application:{item.application.pk}:{months}m"
        employer = f" with {start.employer_label}" if start else ""
        yield Due(ReminderKind.FOLLOW_UP_SURVEY, key, item.application.learner.user,
                  f"How is work going? Your {months}-month check-in",
                  f"It is {months} months since you started work{employer}. Please answer a few "
                  "short questions about how it is going: your answers help the academy support the next "
                  "learners and keep people in care jobs.",
                  _url("impact:survey", default=_url("learners:me")))


@finder(ReminderKind.VACANCY_CLOSING)
def vacancies_closing(today):
    closing = vacancies_closing_with_free_places(first=today,
                                                 last=today + datetime.timedelta(days=VACANCY_CLOSING_DAYS))
    for vacancy, free in closing:
        for user in _provider_users(vacancy.provider_id):
            yield Due(ReminderKind.VACANCY_CLOSING, f"vacancy:{vacancy.pk}:closing", user,
                      f"{vacancy.role_title} closes on {vacancy.closing_date:%d %B}: {free} ring-fenced place(s) free",
                      f"Your vacancy {vacancy.role_title} closes on {vacancy.closing_date:%A %d %B} and {free} interview "
                      "place(s) ring-fenced for academy learners are still free. Offer interview slots so the "
                      "learners get the interview they were promised.",
                      _url("providers:home"))

"""Demo stories for outcomes as they really happen (run by seed_demo after the employer side):

- Jordan Ellis completed the course, was offered a job by the demo provider on a Friday, gave consent,
  had a ready personnel file released to that provider (the provider demo login can download it), and
  started on the Monday;
- Kerry Walsh had an interview with the demo provider last week that is waiting for its outcome, so the
  provider demo login can record an offer;
- a cohort that ended last week with four learners and no outcomes yet: ready to close from its board
  (one learner's attendance is below the bursary threshold);
- Lee Marsden completed the course and found a job outside the portal, at an employer not on it.

Idempotent: each story is written once, keyed on its learner's email. Writes go through the services.
"""

import datetime

from django.utils import timezone

from academy.models import User
from courses.models import Attendance, Cohort, CohortSession, CourseOutcome, Programme
from courses.outcomes import course_outcome_record
from courses.services import qualification_award_record
from learners.models import Application, DbsCheck, Learner, Stage
from learners.services.applications import (
    application_create,
    application_enrol,
    application_transition,
)
from placements import services
from placements.models import HowFound, Interview, JobOffer
from placements.outcomes import outside_start_record

STORY_EMAILS = {"jordan": "jordan.ellis@demo.test", "kerry": "kerry.walsh@demo.test",
                "lee": "lee.marsden@demo.test"}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _monday_on_or_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _cohort(programme, locality, *, name, start: datetime.date, staff) -> Cohort:
    cohort, created = Cohort.objects.get_or_create(
        programme=programme, name=name, locality=locality,
        defaults={"venue": "Fleetwood Marine Hall", "start_date": start, "end_date": start + datetime.timedelta(weeks=6)
                  - datetime.timedelta(days=3), "capacity": 12, "tutor": staff, "is_open_for_applications": False})
    if created:
        day, n = cohort.start_date, 0
        while day <= cohort.end_date and n < 12:
            if day.weekday() < 3:
                CohortSession.objects.create(cohort=cohort, date=day, title=f"Session {n + 1}")
                n += 1
            day += datetime.timedelta(days=1)
    return cohort


def _learner(email, first, last, locality, *, user=None) -> tuple[Learner, bool]:
    learner, created = Learner.objects.get_or_create(email=email, defaults={
        "first_name": first, "last_name": last, "postcode": "FY7 6AA", "locality": locality, "user": user,
        "phone": "07700 900456", "date_of_birth": datetime.date(1988, 3, 14),
        "address": "12 Dock Street, Fleetwood"})
    return learner, created


def _enrol(learner, cohort, staff, *, attended_every: int = 1, **application_fields) -> Application:
    applied = _at(cohort.start_date - datetime.timedelta(days=21), 10)
    application = application_create(learner=learner, cohort=cohort, by=staff, at=applied, **application_fields)
    application = application_transition(application=application, to_stage=Stage.ACCEPTED, by=staff,
                                         at=applied + datetime.timedelta(days=5), note="Values screening passed")
    application = application_enrol(application=application, by=staff, consent_given=True,
                                    at=_at(cohort.start_date - datetime.timedelta(days=3), 10))
    for j, session in enumerate(cohort.sessions.filter(date__lte=timezone.localdate())):
        status = Attendance.Status.PRESENT if j % attended_every == 0 else Attendance.Status.ABSENT
        Attendance.objects.create(session=session, application=application, status=status, recorded_by=staff)
    return application


def _documents_and_dbs(learner, staff, today):
    from .learners import _dbs, _documents

    _documents(learner, staff=staff, today=today)
    if not learner.dbs_checks.exists():
        _dbs(learner, staff=staff, upto=DbsCheck.Status.UPDATE_SERVICE,
             issued_on=today - datetime.timedelta(days=25), today=today)


def seed_completer_who_started_on_monday(ctx, provider, vacancy, staff, today) -> None:
    """Completed, offered on a Friday, consent given, file ready and released, started on the Monday."""
    from learners.personnel.services import personnel_file_build, personnel_file_release

    learner, created = _learner(STORY_EMAILS["jordan"], "Jordan", "Ellis", provider.locality)
    if not created:
        return
    programme = Programme.objects.order_by("pk").first()
    monday = _monday_on_or_before(today - datetime.timedelta(days=1))
    friday = monday - datetime.timedelta(days=3)
    start = _monday_on_or_before(friday - datetime.timedelta(weeks=8))
    cohort = _cohort(programme, provider.locality, name=f"{programme.name.split(':')[0]} – Fleetwood (winter)",
                     start=start, staff=staff)
    application = _enrol(learner, cohort, staff)
    _documents_and_dbs(learner, staff, today)
    qualification_award_record(application=application, by=staff, title="Care Certificate", level="Level 2",
                               awarding_body="Skills for Care", awarded_on=cohort.end_date)
    course_outcome_record(application=application, by=staff, result=CourseOutcome.Result.COMPLETED,
                          on=cohort.end_date)
    from .placements import _interview

    interview = _interview(application, vacancy, staff, held_on=friday - datetime.timedelta(days=2))
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff,
                                      offered_on=friday, proposed_start_date=None, at=_at(friday, 15))
    offer = JobOffer.objects.get(interview=interview)
    offer = services.job_offer_decide(offer=offer, accept=True, by=staff, at=_at(friday, 17))
    personnel_file_build(learner_id=learner.pk, by_id=staff.pk)
    personnel_file_release(learner=learner, job_offer=offer, by=staff)
    personnel_file_build(learner_id=learner.pk, by_id=staff.pk)  # ready now, not only when a worker runs
    services.job_start_record(offer=offer, started_on=monday, by=staff)


def seed_interview_waiting_for_its_outcome(ctx, provider, vacancy, staff, today) -> None:
    learner, created = _learner(STORY_EMAILS["kerry"], "Kerry", "Walsh", provider.locality)
    if not created:
        return
    cohort = Cohort.objects.filter(locality=provider.locality, start_date__lte=today - datetime.timedelta(weeks=2)) \
        .order_by("-start_date").first()
    if cohort is None:
        return
    application = _enrol(learner, cohort, staff)
    from .placements import _interview

    _interview(application, vacancy, staff, held_on=today - datetime.timedelta(days=5), hour=14)


def seed_cohort_ready_to_close(ctx, staff, today) -> None:
    fylde = ctx.localities.get("Fylde") or next(iter(ctx.localities.values()))
    programme = Programme.objects.order_by("pk").first()
    start = _monday_on_or_before(today - datetime.timedelta(weeks=6, days=4))
    name = f"{programme.name.split(':')[0]} – Fylde (ready to close)"
    if Cohort.objects.filter(name=name).exists():
        return
    cohort = _cohort(programme, fylde, name=name, start=start, staff=staff)
    people = [("Aisha", "Khan"), ("Ben", "Holt"), ("Chloe", "Parr"), ("Dan", "Reid")]
    for i, (first, last) in enumerate(people):
        learner, _ = _learner(f"{first.lower()}.{last.lower()}@demo.test", first, last, fylde)
        # Dan missed every other session: below the bursary threshold on the closing board.
        _enrol(learner, cohort, staff, attended_every=2 if i == 3 else 1)


def seed_job_found_outside_the_portal(ctx, provider, staff, today) -> None:
    learner, created = _learner(STORY_EMAILS["lee"], "Lee", "Marsden", provider.locality)
    if not created:
        return
    cohort = Cohort.objects.filter(name__endswith="Fleetwood (winter)").first()
    if cohort is None:
        return
    application = _enrol(learner, cohort, staff)
    course_outcome_record(application=application, by=staff, result=CourseOutcome.Result.COMPLETED,
                          on=cohort.end_date)
    offered = cohort.end_date + datetime.timedelta(days=4)
    outside_start_record(application=application, by=staff, offered_on=offered,
                         started_on=min(today, offered + datetime.timedelta(days=10)), role="Care assistant",
                         how_found=HowFound.OWN_SEARCH, employer_name="Fleetwood Family Care (not on the portal)",
                         hours_per_week=30)


def seed_outcome_stories(ctx) -> None:
    from .academy import DEMO_EMAILS

    today = timezone.localdate()
    staff = ctx.staff
    provider_user = User.objects.filter(email=DEMO_EMAILS[User.Role.PROVIDER]).select_related("provider").first()
    if provider_user is None or provider_user.provider is None:
        return
    provider = provider_user.provider
    from vacancies.models import Vacancy

    vacancy = Vacancy.objects.filter(provider=provider, driving_required=False).order_by("pk").first()
    if vacancy is None:
        return
    seed_completer_who_started_on_monday(ctx, provider, vacancy, staff, today)
    seed_interview_waiting_for_its_outcome(ctx, provider, vacancy, staff, today)
    seed_cohort_ready_to_close(ctx, staff, today)
    seed_job_found_outside_the_portal(ctx, provider, staff, today)
    ctx.extra.setdefault("notes", []).append(
        "Outcome stories: Jordan Ellis (offered on a Friday, file released to the provider demo login, started "
        "Monday); Kerry Walsh's interview waits for the provider's outcome; a Fylde cohort is ready to close; "
        "Lee Marsden found a job outside the portal.")

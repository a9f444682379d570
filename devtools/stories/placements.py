"""Demo data for the employer side: contacts, vacancies (with nights and sleep-ins), ring-fences,
placements, interview slots, interviews with outcomes, offers (one turned down for sleep-ins and
childcare, as in Manda's story in the toolkit) and job starts.

Idempotent: every record is looked up by a natural key first, and a learner's employer-side story
is only written once (skipped when their application already has placements or interviews).
Writes go through the services, so stages move through application_transition; interviews that
happened in the past are booked while their slot is still in the future, then the slot is moved
back to the day they took place.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from learners.models import Application, Learner, Stage
from learners.services.applications import application_create, application_transition
from placements import services
from placements.models import (
    Interview,
    InterviewSlot,
    JobOffer,
    JobStart,
    PlacementOpportunity,
    RecruitmentEvent,
)
from providers.models import CareSetting, ClientGroup, Provider, ProviderContact

# provider, role, setting, client groups, hours, days/nights/sleep-ins/weekends, pay, period, driving, good, hard
VACANCIES = [
    ("Transitions Care Fylde", "Community support worker", "supported-living", ["mental-health", "learning-disability"],
     "30", (True, False, False, True), "12.45", "hourly", False,
     "Helping people live the life they choose in their own homes; a close team that funds your Level 3.",
     "Some lone working, and supporting people through hard days."),
    ("Seaview Residential Home", "Night care assistant", "residential", ["older-people", "dementia"],
     "36", (False, True, False, True), "12.90", "hourly", False,
     "Quiet, settled nights and time to get to know residents well.",
     "Three 12-hour nights a week; staying alert at 4am takes practice."),
    ("Seaview Residential Home", "Care assistant (days)", "residential", ["older-people", "dementia"],
     "24", (True, False, False, True), "12.60", "hourly", False,
     "Activities, mealtimes and real conversations with residents living with dementia.",
     "Personal care from day one; early starts at 7am; alternate weekends."),
    ("Mersey Minds", "Support worker (sleep-ins)", "supported-living", ["mental-health"],
     "37.5", (True, False, True, True), "12.30", "hourly", False,
     "Supporting people to recover and stay well in the community.",
     "Sleep-ins about twice a week, which suit people without childcare to arrange."),
    ("Wyre Home Care", "Home carer (driver)", "domiciliary", ["older-people", "physical-disability"],
     "25", (True, False, False, True), "13.10", "hourly", True,
     "Your own round of regular clients who look forward to your visit; mileage paid.",
     "You need a car and licence; split shifts with gaps in the middle of the day."),
    ("Lune Valley Nursing Home", "Healthcare assistant", "nursing", ["older-people", "dementia"],
     "37.5", (True, True, False, True), "24500", "annual", False,
     "Working alongside nurses and learning clinical skills.",
     "Rotating days and nights; residents with complex needs and end-of-life care."),
    ("Wigan Supported Living Partnership", "Support worker", "supported-living", ["learning-disability"],
     "20", (True, False, False, False), "12.20", "hourly", False,
     "Days out, cooking together and helping people learn new skills. No weekends.",
     "Behaviour that can challenge; lots of recording and care plans."),
    ("Rochdale Day Opportunities", "Day centre support worker", "day-services", ["learning-disability"],
     "16", (True, False, False, False), "12.00", "hourly", False,
     "Monday to Friday daytime hours that fit around the school run.",
     "Moving and handling, and noisy busy days."),
    ("Salford Quays Care Homes", "Senior care assistant", "residential", ["older-people", "dementia"],
     "37.5", (True, False, False, True), "13.40", "hourly", False,
     "Leading a small team and giving out medication once trained.",
     "Responsibility for the shift; weekend working one in two."),
]

# provider, title, setting, client groups, places, nights, sleep-ins, weekends, driving
OPPORTUNITIES = [
    ("Transitions Care Fylde", "Shadowing the community support team", "supported-living", ["mental-health"], 3,
     False, False, False, False),
    ("Seaview Residential Home", "Care assistant placement (days)", "residential", ["older-people", "dementia"], 4,
     False, False, True, False),
    ("Wyre Home Care", "Double-up calls with an experienced carer", "domiciliary", ["older-people"], 2,
     False, False, False, True),
    ("Wigan Supported Living Partnership", "Supported living placement", "supported-living",
     ["learning-disability"], 3, False, False, False, False),
    ("Salford Quays Care Homes", "Residential care placement", "residential", ["older-people", "dementia"], 4,
     False, False, True, False),
    ("Mersey Minds", "Mental health support placement", "supported-living", ["mental-health"], 2,
     False, False, False, False),
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _by_name(ctx) -> dict[str, Provider]:
    providers = ctx.extra.get("providers") or list(Provider.objects.all())
    return {p.name: p for p in providers}


def seed_contacts(providers: dict[str, Provider]) -> None:
    for provider in providers.values():
        domain = provider.name.lower().replace(" ", "-")
        ProviderContact.objects.get_or_create(
            provider=provider, name="Registered manager",
            defaults={"role": ProviderContact.Role.REGISTERED_MANAGER, "email": f"manager@{domain}.example",
                      "is_primary": True})
        ProviderContact.objects.get_or_create(
            provider=provider, name="Recruitment team",
            defaults={"role": ProviderContact.Role.RECRUITMENT, "email": f"jobs@{domain}.example",
                      "phone": "01253 000000"})


def seed_vacancies(providers, staff, today) -> dict:
    from vacancies import services as vacancy_services
    from vacancies.models import Vacancy

    made = {}
    for i, (name, role, setting, groups, hours, shifts, pay, period, driving, good, hard) in enumerate(VACANCIES):
        provider = providers.get(name)
        if provider is None or not provider.sites.exists():
            continue
        vacancy = Vacancy.objects.filter(provider=provider, role_title=role).first()
        if vacancy is None:
            days, nights, sleep_ins, weekends = shifts
            vacancy = vacancy_services.vacancy_create(
                provider=provider, by=staff, status=Vacancy.Status.OPEN,
                client_groups=ClientGroup.objects.filter(code__in=groups),
                site=provider.sites.order_by("pk").first(), role_title=role,
                setting=CareSetting.objects.get(code=setting),
                summary=f"{role} with {provider.name}. Training and a full induction are provided.",
                hours_per_week=Decimal(hours), works_days=days, works_nights=nights, sleep_ins=sleep_ins,
                works_weekends=weekends, pay_amount=Decimal(pay), pay_period=period, driving_required=driving,
                closing_date=today + datetime.timedelta(days=21 + 7 * (i % 4)), good_parts=good, hard_parts=hard)
        made[role] = vacancy
    return made


def seed_opportunities(providers, today) -> dict:
    made = {}
    for name, title, setting, groups, places, nights, sleep_ins, weekends, driving in OPPORTUNITIES:
        provider = providers.get(name)
        if provider is None or not provider.sites.exists():
            continue
        opportunity = PlacementOpportunity.objects.filter(provider=provider, title=title).first()
        if opportunity is None:
            opportunity = services.opportunity_save(
                provider=provider, client_groups=ClientGroup.objects.filter(code__in=groups),
                site=provider.sites.order_by("pk").first(), title=title,
                setting=CareSetting.objects.get(code=setting), places=places, works_nights=nights,
                sleep_ins=sleep_ins, works_weekends=weekends, driving_required=driving,
                available_from=today - datetime.timedelta(weeks=26), available_until=today + datetime.timedelta(weeks=26),
                description="Four to ten days of work experience alongside an experienced colleague.")
        made[name] = opportunity
    return made


def seed_ring_fences(vacancies, cohorts, staff, today) -> None:
    from vacancies.models import RingFence, Vacancy

    current = [c for c in cohorts if c.guaranteed_interview and c.end_date >= today - datetime.timedelta(weeks=4)]
    open_vacancies = [v for v in vacancies.values() if v.status == Vacancy.Status.OPEN]
    for i, cohort in enumerate(current):
        for vacancy in open_vacancies[i % 3::3][:3]:
            if not RingFence.objects.filter(vacancy=vacancy, cohort=cohort).exists():
                from vacancies import services as vacancy_services

                vacancy_services.ring_fence_create(vacancy=vacancy, cohort=cohort, places=4, by=staff,
                                                   note="Guaranteed interviews for completers")


def _free_time(site, day: datetime.date, hour: int) -> datetime.datetime:
    """The first hour on `day` from `hour` with no slot at the site (keeps re-runs and stories apart)."""
    start = _at(day, hour)
    while InterviewSlot.objects.filter(site=site, starts_at__lt=start + datetime.timedelta(minutes=45),
                                       ends_at__gt=start).exists():
        start += datetime.timedelta(hours=1)
    return start


def _interview(application, vacancy, staff, held_on: datetime.date | None, hour=10, unsuitable_reason=""):
    """Books an interview (in five days' time); when `held_on` is given the slot is then moved back to
    that past day, as if it had been booked before it happened."""
    start = _free_time(vacancy.site, timezone.localdate() + datetime.timedelta(days=5), hour)
    slot = services.interview_slot_create(vacancy=vacancy, by=staff, starts_at=start,
                                          ends_at=start + datetime.timedelta(minutes=45))
    interview = services.interview_book(slot=slot, application=application, by=staff,
                                        unsuitable_reason=unsuitable_reason)
    if held_on:
        past = _free_time(vacancy.site, held_on, hour)
        InterviewSlot.objects.filter(pk=slot.pk).update(starts_at=past, ends_at=past + datetime.timedelta(minutes=45))
        interview.refresh_from_db()
    return interview


def seed_free_slots(vacancies, staff, today) -> None:
    for i, vacancy in enumerate(vacancies.values()):
        day = today + datetime.timedelta(days=3 + i % 5)
        if InterviewSlot.objects.filter(vacancy=vacancy, starts_at__gte=timezone.now()).count() >= 2:
            continue
        for hour in (14, 15):
            start = _free_time(vacancy.site, day, hour)
            services.interview_slot_create(vacancy=vacancy, by=staff, starts_at=start,
                                           ends_at=start + datetime.timedelta(minutes=30),
                                           interviewer="Registered manager")


def _enrolled(learner, cohort, staff, at) -> Application:
    application = application_create(learner=learner, cohort=cohort, by=staff, at=at)
    for stage in (Stage.ACCEPTED, Stage.ENROLLED):
        application = application_transition(application=application, to_stage=stage, by=staff, at=at)
    return application


def seed_sleep_in_story(ctx, vacancies, opportunities, staff, today) -> None:
    """Manda's story, told on another learner of the current Fylde cohort: a placement at Transitions
    Care; a job offer with sleep-ins turned down because of childcare; an interview that fits booked next.

    The demo learner herself (learner@demo.test) stays 'enrolled', as the learner pipeline's demo
    expects: she gets an upcoming interview with Transitions Care (booking does not move the stage)
    and free slots to book herself.
    """
    sleep_in_job, fitting_job = vacancies.get("Support worker (sleep-ins)"), vacancies.get("Community support worker")
    opportunity = opportunities.get("Transitions Care Fylde")
    if not (sleep_in_job and fitting_job and opportunity):
        return
    manda = Learner.objects.filter(email="learner@demo.test").first()
    manda_application = (Application.objects.filter(learner=manda, stage=Stage.ENROLLED).first()
                         if manda else None)
    if manda_application is not None and not manda_application.interviews.exists():
        _interview(manda_application, fitting_job, staff, held_on=None, hour=11)

    if JobOffer.objects.filter(status=JobOffer.Status.DECLINED, interview__vacancy=sleep_in_job).exists():
        return
    fylde = ctx.localities.get("Fylde")
    candidates = (Application.objects.filter(stage=Stage.ENROLLED, learner__locality=fylde,
                                             interviews__isnull=True, placements__isnull=True)
                  .exclude(learner__email="learner@demo.test").select_related("learner", "cohort")
                  .order_by("-learner__cannot_work_sleep_ins", "learner__last_name"))
    application = candidates.first()
    if application is None:
        cohort = next((c for c in ctx.extra.get("cohorts", []) if c.locality.name == "Fylde"), None)
        learner = next((lr for lr in ctx.extra.get("learners", []) if lr.locality_id == getattr(fylde, "pk", None)
                        and not lr.applications.exists() and lr.email != "learner@demo.test"), None)
        if cohort is None or learner is None:
            return
        application = _enrolled(learner, cohort, staff, _at(cohort.start_date - datetime.timedelta(days=10), 10))
    start = max(today - datetime.timedelta(days=10), opportunity.available_from)
    placement = services.placement_confirm(application=application, opportunity=opportunity, by=staff,
                                           start_date=start, end_date=start + datetime.timedelta(days=4),
                                           match_score=88, at=_at(start - datetime.timedelta(days=5), 11))
    placement = services.placement_respond(placement=placement, by=staff, accept=True, supervisor_name="Carol Hughes",
                                           supervisor_phone="01253 000111")
    for d in range(5):
        services.placement_attendance_record(placement=placement, day=start + datetime.timedelta(days=d),
                                             attended=d != 2, by=staff, note="" if d != 2 else "Child unwell")
    services.provider_feedback_give(placement=placement, by=staff, values=5, reliability=4, potential=5,
                                    comments="Warm with the people we support; keen on dementia and mental health.")
    services.learner_feedback_give(placement=placement, rating=5, would_work_there=True,
                                   comments="A lovely team, like a family.")
    held = today - datetime.timedelta(days=3)
    interview = _interview(application, sleep_in_job, staff, held_on=held,
                           unsuitable_reason="She asked to meet this employer before ruling out sleep-ins.")
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff,
                                      at=_at(held, 15))
    offer = JobOffer.objects.get(interview=interview)
    services.job_offer_decide(offer=offer, accept=False, by=staff, at=_at(held + datetime.timedelta(days=1), 10),
                              reasons=[JobOffer.DeclineReason.SLEEP_INS, JobOffer.DeclineReason.CHILDCARE],
                              note="Young family: cannot do sleep-ins or nights.")
    _interview(application, fitting_job, staff, held_on=None, hour=14)


def _outcome_candidates(ctx, today) -> list[Application]:
    """Learners who finished an earlier cohort and have no employer-side records yet; when the learner
    seeder made none, a few are enrolled here on the earliest finished cohort."""
    candidates = list(
        Application.objects.filter(stage=Stage.COMPLETED, cohort__guaranteed_interview=True,
                                   cohort__end_date__lt=today, interviews__isnull=True, placements__isnull=True)
        .exclude(learner__email="learner@demo.test").select_related("cohort", "learner")
        .order_by("cohort__start_date", "pk")[:4])
    if candidates:
        return candidates
    cohorts = sorted((c for c in ctx.extra.get("cohorts", []) if c.end_date < today and c.guaranteed_interview),
                     key=lambda c: c.start_date)
    if not cohorts:
        return []
    cohort = cohorts[0]
    made = []
    for learner in ctx.extra.get("learners", []):
        if learner.locality_id == cohort.locality_id and learner.email != "learner@demo.test" \
                and not learner.applications.exists():
            made.append(_enrolled(learner, cohort, ctx.staff, _at(cohort.start_date - datetime.timedelta(days=14), 10)))
        if len(made) == 4:
            break
    return made


def seed_outcomes(ctx, vacancies, opportunities, staff, today) -> None:
    """Learners from earlier cohorts: interviews with outcomes, offers (one still open) and job starts.

    Enrolled learners (made here) go on placement first; those the learner seeder already took to
    'completed' go straight to interview, since a placement happens during the course.
    """
    jobs = [v for v in vacancies.values() if not v.works_nights and not v.sleep_ins and not v.driving_required]
    placements = list(opportunities.values())
    if not jobs or not placements:
        return
    if JobStart.objects.exists():
        return  # written on an earlier run: the learners it used have moved on, so do not pick new ones
    for i, application in enumerate(_outcome_candidates(ctx, today)):
        cohort = application.cohort
        if application.stage == Stage.ENROLLED:
            opportunity = placements[i % len(placements)]
            start = max(cohort.start_date + datetime.timedelta(weeks=2), opportunity.available_from)
            try:
                placement = services.placement_confirm(
                    application=application, opportunity=opportunity, by=staff, start_date=start,
                    end_date=start + datetime.timedelta(days=4), at=_at(start - datetime.timedelta(days=7), 10))
            except ValidationError:  # this learner cannot do that placement (hours, driving): none for them
                placement = None
            if placement is not None:
                placement = services.placement_respond(placement=placement, by=staff, accept=True,
                                                       supervisor_name="Team leader")
                services.placement_complete(placement=placement, by=staff)
        held = min(cohort.end_date + datetime.timedelta(days=3 + i), today - datetime.timedelta(days=1))
        interview = _interview(application, jobs[i % len(jobs)], staff, held_on=held)
        if i == 3:
            services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.NO_OFFER, by=staff,
                                              reason="Needs more confidence with personal care; try a placement first.",
                                              at=_at(held, 16))
            continue
        services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff,
                                          at=_at(held, 16))
        if i == 2:
            continue  # still thinking about it: an open offer
        offer = JobOffer.objects.get(interview=interview)
        services.job_offer_decide(offer=offer, accept=True, by=staff, at=_at(held, 18))
        services.job_start_record(offer=offer, started_on=min(today, held + datetime.timedelta(days=14 + 7 * i)),
                                  by=staff)


def seed_event(ctx, providers, staff, today) -> None:
    fylde = ctx.localities.get("Fylde")
    if fylde is None:
        return
    event, created = RecruitmentEvent.objects.get_or_create(
        name="Fylde Coast meet the employer", date=today - datetime.timedelta(days=7),
        defaults={"kind": RecruitmentEvent.Kind.MEET_THE_EMPLOYER, "venue": "Lytham Methodist Church Hall",
                  "locality": fylde, "meeting_minutes": 10})
    if not created:
        return
    attending = [p for name, p in providers.items() if name in ("Transitions Care Fylde", "Seaview Residential Home",
                                                                "Wyre Home Care")]
    event.providers.set(attending)
    applications = Application.objects.filter(learner__locality=fylde, stage__in=[
        Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED]).select_related("learner")[:4]
    for i, application in enumerate(applications):
        for j, provider in enumerate(attending):
            meeting = services.event_meeting_add(event=event, provider=provider, application=application, by=staff,
                                                 starts_at=datetime.time(10, 10 * (i + j)))
            if (i + j) % 2 == 0:
                services.event_meeting_flag(meeting=meeting, by=staff, call_for_interview=True,
                                            notes="Warm, good listener: call for a formal interview.")


def seed_employer_side(ctx) -> None:
    today = timezone.localdate()
    staff = ctx.staff
    providers = _by_name(ctx)
    seed_contacts(providers)
    vacancies = seed_vacancies(providers, staff, today)
    opportunities = seed_opportunities(providers, today)
    seed_ring_fences(vacancies, ctx.extra.get("cohorts", []), staff, today)
    seed_sleep_in_story(ctx, vacancies, opportunities, staff, today)
    seed_outcomes(ctx, vacancies, opportunities, staff, today)
    seed_free_slots(vacancies, staff, today)
    seed_event(ctx, providers, staff, today)
    ctx.extra["vacancies"] = vacancies

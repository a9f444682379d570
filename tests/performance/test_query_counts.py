"""Each key page answers with the same number of SQL queries on 10 rows as on 200.

A page whose count grows with the rows it shows does one query per row (an N+1) and gets slower
as the region fills up; `manage.py bench` measures the same pages at 100,000 learners. Each test
measures the page, adds rows until there are 200, and measures again. A warm-up request comes
first: the MFA check runs once per session and is then remembered, and the first page of a
session starts it.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners.models import Stage, ValuesScreening
from learners.services.consent import consent_give
from placements import services as placement_services
from providers.models import ClientGroup
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CohortFactory,
    CohortSessionFactory,
    DbsCheckFactory,
    EnquiryFactory,
    InterviewSlotFactory,
    LearnerFactory,
    LocalityFactory,
    PlacementOpportunityFactory,
    QualificationAwardFactory,
    RecruitmentEventFactory,
    ReferenceFactory,
    RingFenceFactory,
    SiteFactory,
    VacancyFactory,
)
from tests.factories.placements import held_interview

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 200


def query_count(client, url) -> int:
    client.get(url)  # warm-up: per-session checks (MFA) run on the first request only
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries.captured_queries)


def grow_to(target, have, make):
    for i in range(have, target):
        make(i)
    return target


# --- vacancy guide -------------------------------------------------------------------------------


def test_vacancy_guide_search_costs_the_same_on_few_and_many_vacancies(client):
    groups = list(ClientGroup.objects.order_by("pk")[:2])
    url = reverse("vacancies:guide") + "?q=care"

    def make(_):
        VacancyFactory(client_groups=groups)

    have = grow_to(FEW, 0, make)
    few = query_count(client, url)
    grow_to(MANY, have, make)
    assert query_count(client, url) == few


def test_vacancy_guide_costs_the_same_for_one_vacancy_as_for_a_full_page(client):
    """The guide shows ten to a page, so 10 and 200 both fill it: one row against a full page
    is what shows a query per row."""
    groups = list(ClientGroup.objects.order_by("pk")[:2])
    url = reverse("vacancies:guide") + "?q=care"
    VacancyFactory(client_groups=groups)
    one = query_count(client, url)
    for _ in range(12):
        VacancyFactory(client_groups=groups)
    assert query_count(client, url) == one


# --- cohort board --------------------------------------------------------------------------------


def test_cohort_board_costs_the_same_on_few_and_many_learners(client_for, staff, locality):
    cohort = CohortFactory(locality=locality, start_date=timezone.localdate() - datetime.timedelta(days=7))
    sessions = [CohortSessionFactory(cohort=cohort, date=cohort.start_date + datetime.timedelta(days=d))
                for d in range(2)]

    def make(_):
        application = ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.ENROLLED)
        learner = application.learner
        ValuesScreening.objects.create(application=application)
        DbsCheckFactory(learner=learner)
        ReferenceFactory(learner=learner)
        consent_give(learner=learner, by=staff, application=application)
        for session in sessions:
            AttendanceFactory(session=session, application=application)

    client = client_for(staff)
    url = reverse("learners:cohort_board", args=[cohort.pk])
    have = grow_to(FEW, 0, make)
    few = query_count(client, url)
    grow_to(MANY, have, make)
    assert query_count(client, url) == few


# --- learner detail (staff) and learner home -----------------------------------------------------


def _grow_history(learner, staff, count, have):
    """`count` references and enquiries, and one application (with an award) for every ten rows."""

    def make(i):
        ReferenceFactory(learner=learner)
        EnquiryFactory(learner=learner, locality=learner.locality)
        if i % 10 == 0:
            cohort = CohortFactory(locality=learner.locality)
            application = ApplicationFactory(learner=learner, cohort=cohort, stage=Stage.ENROLLED)
            QualificationAwardFactory(application=application)

    return grow_to(count, have, make)


def test_learner_detail_costs_the_same_on_a_short_and_a_long_history(client_for, staff, learner):
    DbsCheckFactory(learner=learner)  # one check: the page records one audit event per check shown
    client = client_for(staff)
    url = reverse("learners:detail", args=[learner.pk])
    have = _grow_history(learner, staff, FEW, 0)
    few = query_count(client, url)
    _grow_history(learner, staff, MANY, have)
    assert query_count(client, url) == few


def test_learner_detail_costs_the_same_with_one_or_many_dbs_checks(client_for, staff, learner):
    client = client_for(staff)
    url = reverse("learners:detail", args=[learner.pk])
    DbsCheckFactory(learner=learner)
    one = query_count(client, url)
    for _ in range(5):
        DbsCheckFactory(learner=learner)
    assert query_count(client, url) == one


def test_learner_home_costs_the_same_on_a_short_and_a_long_history(client_for, staff, learner):
    DbsCheckFactory(learner=learner)
    client = client_for(learner.user)
    url = reverse("learners:me")
    have = _grow_history(learner, staff, FEW, 0)
    few = query_count(client, url)
    _grow_history(learner, staff, MANY, have)
    assert query_count(client, url) == few


def test_learner_home_costs_the_same_with_one_or_many_interviews_offers_and_starts(client_for, learner):
    from placements.models import Interview
    from tests.factories.placements import enrolled_application, held_interview

    def employment(round_):
        # One application per round, each through the whole way to a job start (a day apart: one start
        # per learner per day), and one interview the learner booked and cancelled themselves (its
        # "cancelled by you" reads who cancelled it).
        application = enrolled_application(learner=learner)
        interview = held_interview(application=application)
        slot = interview.slot
        slot.starts_at -= datetime.timedelta(days=round_)
        slot.ends_at -= datetime.timedelta(days=round_)
        slot.save()
        day = timezone.localdate() - datetime.timedelta(days=round_)
        interview = placement_services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER,
                                                                by=None, offered_on=day)
        offer = placement_services.job_offer_decide(offer=interview.offer, accept=True, by=None)
        placement_services.job_start_record(offer=offer, by=None, started_on=day)
        cancelled = placement_services.interview_book(slot=InterviewSlotFactory(),
                                                      application=enrolled_application(learner=learner),
                                                      by=learner.user, via=Interview.BookedVia.SELF)
        placement_services.interview_cancel_by_learner(interview=cancelled, by=learner.user)

    client = client_for(learner.user)
    url = reverse("learners:me")
    employment(0)
    one = query_count(client, url)
    assert "cancelled by you" in client.get(url).content.decode()
    for i in range(1, 4):
        employment(i)
    assert query_count(client, url) == one


# --- provider home -------------------------------------------------------------------------------


def test_provider_home_costs_the_same_on_few_and_many_vacancies_placements_and_interviews(
        client_for, staff, provider_user):
    """Every list on the page has rows: vacancies, ring-fences, placements awaiting an answer and
    ones owed feedback, interviews to come and to record, and meetings at a recent event."""
    provider = provider_user.provider
    locality = provider.locality
    site = SiteFactory(provider=provider, locality=locality)
    opportunity = PlacementOpportunityFactory(site=site, provider=provider, places=MANY)
    today = timezone.localdate()
    started = PlacementOpportunityFactory(site=site, provider=provider, places=MANY,
                                          available_from=today - datetime.timedelta(30), available_until=today)
    event = RecruitmentEventFactory(providers=[provider], date=today - datetime.timedelta(7))
    cohort = CohortFactory(locality=locality)

    def enrolled():
        return ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.ENROLLED)

    def make(i):
        vacancy = VacancyFactory(site=site, provider=provider)
        InterviewSlotFactory(vacancy=vacancy)
        if i % 5 == 0:
            RingFenceFactory(vacancy=vacancy, cohort=cohort)
            application = enrolled()
            placement_services.placement_confirm(
                application=application, opportunity=opportunity, by=staff,
                start_date=opportunity.available_from, end_date=opportunity.available_from + datetime.timedelta(4))
            slot = InterviewSlotFactory(vacancy=vacancy)
            placement_services.interview_book(slot=slot, application=application, by=staff)
            placement_services.event_meeting_add(event=event, provider=provider, application=application, by=staff)
            held_interview(application=enrolled(), by=staff, vacancy=vacancy)
            owed_feedback = placement_services.placement_confirm(
                application=enrolled(), opportunity=started, by=staff, start_date=started.available_from,
                end_date=started.available_from + datetime.timedelta(4),
                at=timezone.now() - datetime.timedelta(days=31))  # confirmed before it started
            placement_services.placement_respond(placement=owed_feedback, by=provider_user, accept=True,
                                                 supervisor_name="A. Supervisor")

    client = client_for(provider_user)
    url = reverse("providers:home")
    have = grow_to(FEW, 0, make)
    few = query_count(client, url)
    shown = client.get(url).context
    assert all(shown[name] for name in ("vacancies", "ring_fences", "awaiting_answer", "feedback_due", "to_record",
                                        "upcoming", "meetings"))
    grow_to(MANY, have, make)
    assert query_count(client, url) == few


# --- partner dashboard ---------------------------------------------------------------------------


def test_partner_dashboard_costs_the_same_on_few_and_many_applications_and_places(client_for, partner):
    stages = [Stage.APPLIED, Stage.ENROLLED, Stage.COMPLETED, Stage.STARTED_WORK, Stage.WITHDRAWN]
    cohorts = []

    def make(i):
        if i % 10 == 0:  # a new council and cohort every ten applications
            cohorts.append(CohortFactory(locality=LocalityFactory()))
        cohort = cohorts[-1]
        ApplicationFactory(cohort=cohort, learner=LearnerFactory(user=None, locality=cohort.locality),
                           stage=stages[i % len(stages)])
        EnquiryFactory(locality=cohort.locality)

    client = client_for(partner)
    url = reverse("impact:dashboard")
    have = grow_to(FEW, 0, make)
    few = query_count(client, url)
    grow_to(MANY, have, make)
    assert query_count(client, url) == few

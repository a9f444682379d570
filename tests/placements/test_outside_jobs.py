"""Jobs gained outside the portal's vacancies and interviews count like any other, and feedback to candidates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from academy.dates import add_months
from impact.selectors.figures import ImpactFilters, impact_figures
from impact.services.surveys import follow_up_refusal
from learners.models import Stage
from placements import outcomes, services
from placements.models import HowFound, Interview, JobOffer, JobStart
from reminders.models import ReminderKind, SentReminder
from reminders.services import reminders_send_due
from tests.factories import CohortFactory, LearnerFactory, ProviderFactory
from tests.factories.impact import application_at
from tests.factories.placements import held_interview

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def enrolled(learner):
    cohort = CohortFactory(locality=learner.locality, start_date=TODAY() - datetime.timedelta(days=200))
    at = timezone.now() - datetime.timedelta(days=400)
    return application_at(Stage.ENROLLED, cohort=cohort, learner=learner, at=at)


def record_start(application, staff, *, offered_on=None, started_on=None, **kwargs):
    offered_on = offered_on or TODAY() - datetime.timedelta(days=120)
    return outcomes.outside_start_record(
        application=application, by=staff, offered_on=offered_on,
        started_on=started_on or offered_on + datetime.timedelta(days=3), role="Care assistant",
        how_found=kwargs.pop("how_found", HowFound.OWN_SEARCH),
        employer_name=kwargs.pop("employer_name", "Rose Lodge Care Home"), hours_per_week=30, **kwargs)


def test_a_start_found_outside_the_portal_counts_in_the_figures(enrolled, staff):
    start = record_start(enrolled, staff)
    enrolled.refresh_from_db()
    assert enrolled.stage == Stage.STARTED_WORK
    assert start.provider is None and start.employer_label == "Rose Lodge Care Home" and start.vacancy is None
    funnel = impact_figures(filters=ImpactFilters()).funnel
    assert (funnel["offered"], funnel["started_work"], funnel["enrolled_and_started"]) == (1, 1, 1)


def test_the_offer_date_is_the_day_entered_not_the_moment_typed(enrolled, staff):
    offered_on = TODAY() - datetime.timedelta(days=30)
    offer = outcomes.outside_offer_record(application=enrolled, by=staff, offered_on=offered_on, role="Carer",
                                          how_found=HowFound.EVENT, provider=ProviderFactory())
    assert timezone.localdate(offer.offered_at) == offered_on
    assert offer.status == JobOffer.Status.OPEN and offer.recorded_by == staff


def test_an_outside_start_gets_follow_ups_and_their_reminders_like_any_start(enrolled, staff):
    offered_on = add_months(TODAY(), -3) - datetime.timedelta(days=2)
    record_start(enrolled, staff, offered_on=offered_on, started_on=add_months(TODAY(), -3))
    assert follow_up_refusal(application=enrolled, month=3) == ""
    assert reminders_send_due() == 1
    reminder = SentReminder.objects.get(kind=ReminderKind.FOLLOW_UP_SURVEY)
    assert reminder.recipient == enrolled.learner.user


def test_a_start_before_its_offer_is_refused_and_nothing_saved(enrolled, staff):
    with pytest.raises(ValidationError, match="cannot be before the job was offered"):
        record_start(enrolled, staff, offered_on=TODAY() - datetime.timedelta(days=5),
                     started_on=TODAY() - datetime.timedelta(days=9))
    assert not JobOffer.objects.exists() and not JobStart.objects.exists()
    enrolled.refresh_from_db()
    assert enrolled.stage == Stage.ENROLLED


def test_a_second_start_for_the_same_learner_and_date_is_refused_and_nothing_saved(enrolled, staff):
    first = record_start(enrolled, staff)
    with pytest.raises(ValidationError, match="already has a job start on"):
        record_start(enrolled, staff, offered_on=first.started_on - datetime.timedelta(days=3),
                     started_on=first.started_on, employer_name="Another care home")
    assert JobStart.objects.count() == 1 and JobOffer.objects.count() == 1


def test_an_offer_dated_in_the_future_is_refused(enrolled, staff):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        outcomes.outside_offer_record(application=enrolled, by=staff, offered_on=TODAY() + datetime.timedelta(days=1),
                                      role="Carer", how_found=HowFound.OTHER, employer_name="Somewhere")


def test_the_employer_is_a_provider_or_named(enrolled, staff):
    with pytest.raises(ValidationError, match="name the employer"):
        outcomes.outside_offer_record(application=enrolled, by=staff, offered_on=TODAY(), role="Carer",
                                      how_found=HowFound.OTHER)
    with pytest.raises(ValidationError, match="not both"):
        outcomes.outside_offer_record(application=enrolled, by=staff, offered_on=TODAY(), role="Carer",
                                      how_found=HowFound.OTHER, provider=ProviderFactory(), employer_name="X")


def test_an_offer_after_a_portal_interview_is_dated_the_day_the_provider_enters(staff):
    interview = held_interview(by=staff)
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff,
                                      offered_on=TODAY())
    offer = JobOffer.objects.get()
    assert offer.application == interview.application and offer.provider == interview.provider
    assert timezone.localdate(offer.offered_at) == TODAY()


def test_a_no_offer_reason_reaches_the_learner_only_once_staff_release_it(staff, client_for):
    learner = LearnerFactory(user__email="cand@example.test")
    application = application_at(Stage.ENROLLED, learner=learner)
    interview = held_interview(application=application, by=staff)
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.NO_OFFER, by=staff,
                                      reason="Lacked experience with dementia")
    page = client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert "Lacked experience" not in page
    outcomes.interview_feedback_release(
        interview=interview, by=staff,
        feedback="The manager liked your warmth. A short dementia awareness course would help next time.")
    page = client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert "A short dementia awareness course would help next time." in page
    assert "Lacked experience" not in page


def test_staff_edit_the_feedback_from_its_page(staff, client_for):
    learner = LearnerFactory(locality=staff.localities.first())
    interview = held_interview(application=application_at(Stage.ENROLLED, learner=learner), by=staff)
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.NO_OFFER, by=staff,
                                      reason="Not enough experience")
    client = client_for(staff)
    assert "Not enough experience" in client.get(reverse("placements:interview_feedback", args=[interview.pk])).content.decode()
    response = client.post(reverse("placements:interview_feedback", args=[interview.pk]),
                           {"feedback": "Try some volunteering first."})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.learner_feedback == "Try some volunteering first." and interview.feedback_shown_at


def test_staff_record_an_outside_start_from_its_page(enrolled, staff, client_for):
    offered = TODAY() - datetime.timedelta(days=10)
    response = client_for(staff).post(reverse("placements:outside_job", args=[enrolled.pk]), {
        "employer_name": "Rose Lodge", "role": "Care assistant", "how_found": "own_search",
        "offered_on": offered.isoformat(), "started_on": (offered + datetime.timedelta(days=7)).isoformat(),
        "hours_per_week": "30"})
    assert response.status_code == 302
    start = JobStart.objects.get()
    assert (start.employer_name, start.offer.how_found, start.offer.hours_per_week) == ("Rose Lodge", "own_search", 30)


def test_a_refused_outside_start_keeps_what_was_typed(enrolled, staff, client_for):
    offered = TODAY() - datetime.timedelta(days=10)
    response = client_for(staff).post(reverse("placements:outside_job", args=[enrolled.pk]), {
        "employer_name": "Rose Lodge", "role": "Care assistant", "how_found": "own_search",
        "offered_on": offered.isoformat(), "started_on": (offered - datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    body = response.content.decode()
    assert "cannot be before the job was offered" in body and "Rose Lodge" in body
    assert not JobOffer.objects.exists()


@pytest.mark.parametrize("who", ["other_locality_staff", "provider_user", "partner"])
def test_other_roles_cannot_record_outside_jobs_or_feedback(who, enrolled, staff, client_for, request):
    interview = held_interview(application=enrolled, by=staff)
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.NO_OFFER, by=staff,
                                      reason="Not this time")
    client = client_for(request.getfixturevalue(who))
    job = client.post(reverse("placements:outside_job", args=[enrolled.pk]), {
        "employer_name": "X", "role": "Carer", "how_found": "other", "offered_on": TODAY().isoformat()})
    feedback = client.post(reverse("placements:interview_feedback", args=[interview.pk]), {"feedback": "Hi"})
    assert job.status_code in (403, 404) and feedback.status_code in (403, 404)
    assert not JobOffer.objects.exists()
    interview.refresh_from_db()
    assert interview.feedback_shown_at is None


def test_the_learner_cannot_record_their_own_outside_job(enrolled, client_for):
    response = client_for(enrolled.learner.user).post(reverse("placements:outside_job", args=[enrolled.pk]), {
        "employer_name": "X", "role": "Carer", "how_found": "other", "offered_on": TODAY().isoformat()})
    assert response.status_code == 403
    assert not JobOffer.objects.exists()

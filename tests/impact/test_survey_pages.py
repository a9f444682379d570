"""The survey pages: the learner's own checks, staff paper and phone records, provider feedback, evidence reviews.

Who may not use a page is tried here for its writes (nothing is saved); tests/security/test_access_matrix.py
tries every persona on every page."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from academy.dates import add_months
from academy.models import AuditEvent
from impact.models import ProgrammeEvidence, RetentionFollowUp, SatisfactionSurvey, WellbeingSurvey
from impact.selectors.figures import (
    ImpactFilters,
    retention_figures,
    satisfaction_figures,
    wellbeing_figures,
)
from learners.models import Stage
from placements.models import JobStart
from reminders.finders import follow_up_surveys
from tests.factories import CohortFactory, ProgrammeFactory, RingFenceFactory, VacancyFactory
from tests.factories.impact import application_at
from tests.factories.personnel import accepted_offer

pytestmark = pytest.mark.django_db

START = {f"item_{i}": "3" for i in range(1, 7)}
END = {**START, "item_1": "5", "item_3": "5", "item_5": "5"}  # 6 points higher than START


def started_days_ago(days, *, learner):
    at = timezone.now() - datetime.timedelta(days=days + 6)
    return application_at(Stage.STARTED_WORK, learner=learner, at=at, days_per_step=[1] * 7)


@pytest.fixture
def enrolled(learner):
    return application_at(Stage.ENROLLED, learner=learner, cohort=CohortFactory(locality=learner.locality))


@pytest.fixture
def started(learner):
    return started_days_ago(100, learner=learner)


def resilience_url(application, moment="start", staff=False):
    return reverse("impact:staff_resilience" if staff else "impact:resilience", args=[application.pk, moment])


def follow_up_url(application, month=3, staff=False):
    return reverse("impact:staff_follow_up" if staff else "impact:follow_up", args=[application.pk, month])


def signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(getattr(user, "user", user))
    return client


# --- The learner's own pages ------------------------------------------------------------------------


def test_the_learners_page_links_the_checks_that_are_due(learner, enrolled, started, client_for):
    body = client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert resilience_url(enrolled) in body
    assert resilience_url(started, "end") in body
    assert follow_up_url(started) in body and follow_up_url(started, 6) not in body
    assert reverse("impact:satisfaction", args=[started.pk]) in body
    assert reverse("impact:satisfaction", args=[enrolled.pk]) not in body


def test_the_resilience_check_is_an_accessible_group_of_ratings_per_statement(learner, enrolled, client_for):
    body = client_for(learner.user).get(resilience_url(enrolled)).content.decode()
    assert body.count("<fieldset") == 6 and body.count("<legend") == 6
    assert "Setbacks tend to stay with me for days." in body
    assert body.count('type="radio"') == 30 and "Strongly disagree" in body and "Strongly agree" in body


def test_a_learner_answers_the_start_check_and_the_task_goes_away(learner, enrolled, client_for):
    client = client_for(learner.user)
    response = client.post(resilience_url(enrolled), START)
    assert response.status_code == 302 and response["Location"] == reverse("learners:me")
    survey = WellbeingSurvey.objects.get(application=enrolled, moment="start")
    assert survey.score == 18 and survey.recorded_by == learner.user and survey.taken_on == timezone.localdate()
    assert resilience_url(enrolled) not in client.get(reverse("learners:me")).content.decode()
    again = client.get(resilience_url(enrolled)).content.decode()
    assert 'data-testid="survey-closed"' in again and "already been recorded" in again


def test_a_missing_answer_is_shown_and_what_was_chosen_is_kept(learner, enrolled, client_for):
    answers = {**START, "item_2": "4"}
    del answers["item_6"]
    response = client_for(learner.user).post(resilience_url(enrolled), answers)
    body = response.content.decode()
    assert response.status_code == 400 and 'data-testid="form-errors"' in body
    assert "Choose how much you agree with this statement." in body
    chosen = re.findall(r'<input type="radio"[^>]*name="(item_\d)" value="(\d)"[^>]*checked', body)
    assert chosen == [("item_1", "3"), ("item_2", "4"), ("item_3", "3"), ("item_4", "3"), ("item_5", "3")]
    assert 'aria-describedby="id_item_6_error"' in body
    assert not WellbeingSurvey.objects.exists()


def test_the_end_check_is_not_open_while_the_learner_is_still_on_the_course(learner, enrolled, client_for):
    client = client_for(learner.user)
    assert "when the course is completed" in client.get(resilience_url(enrolled, "end")).content.decode()
    client.post(resilience_url(enrolled, "end"), END)
    assert not WellbeingSurvey.objects.exists()


def test_a_made_up_moment_saves_nothing(learner, enrolled, client_for):
    client_for(learner.user).post(resilience_url(enrolled, "middle"), START)
    assert not WellbeingSurvey.objects.exists()


def test_the_reminders_link_takes_the_learner_to_the_check_in_that_is_due(learner, started, client_for):
    response = client_for(learner.user).get(reverse("impact:survey"))
    assert response.status_code == 302 and response["Location"] == follow_up_url(started)


def test_the_follow_up_reminder_links_to_the_check_in_page(learner, provider_user):
    application = application_at(Stage.OFFERED, learner=learner)
    offer = accepted_offer(application, provider_user.provider)
    JobStart.objects.create(offer=offer, application=application, learner=learner, provider=provider_user.provider,
                            vacancy=offer.interview.vacancy, offer_made_at=timezone.now(),
                            started_on=add_months(timezone.localdate(), -3))
    (due,) = list(follow_up_surveys(timezone.localdate()))
    assert due.link == reverse("impact:survey")


def test_with_nothing_due_the_check_in_link_goes_home_with_a_message(learner, enrolled, client_for):
    response = client_for(learner.user).get(reverse("impact:survey"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("learners:me")
    assert "no check-in for you to answer" in response.content.decode()


def test_a_learner_answers_the_3_month_check_in_and_the_retention_figure_changes(learner, started, client_for):
    assert retention_figures(filters=ImpactFilters())["in_work_3"] == 0
    response = client_for(learner.user).post(follow_up_url(started), {"in_work": "yes", "same_employer": "no"})
    assert response.status_code == 302
    figures = retention_figures(filters=ImpactFilters())
    assert figures["followed_up_3"] == 1 and figures["in_work_3"] == 1 and figures["same_employer_3"] == 0
    assert RetentionFollowUp.objects.get().recorded_by == learner.user


def test_not_in_work_but_same_employer_gets_a_plain_message_and_keeps_the_answers(learner, started, client_for):
    response = client_for(learner.user).post(follow_up_url(started), {"in_work": "no", "same_employer": "yes"})
    body = response.content.decode()
    assert response.status_code == 400 and "you cannot be with the same employer" in body
    chosen = re.findall(r'<input type="radio"[^>]*name="(\w+)" value="(\w+)"[^>]*checked', body)
    assert chosen == [("in_work", "no"), ("same_employer", "yes")]  # both answers are still chosen
    assert not RetentionFollowUp.objects.exists()


def test_a_check_in_that_is_not_due_yet_cannot_be_answered(learner, started, client_for):
    client = client_for(learner.user)
    assert "6-month follow-up opens on" in client.get(follow_up_url(started, 6)).content.decode()
    client.post(follow_up_url(started, 6), {"in_work": "yes", "same_employer": "yes"})
    assert not RetentionFollowUp.objects.exists()


def test_the_check_in_is_answered_once(learner, started, client_for):
    client = client_for(learner.user)
    client.post(follow_up_url(started), {"in_work": "yes", "same_employer": "yes"})
    client.post(follow_up_url(started), {"in_work": "no", "same_employer": "no"})
    assert RetentionFollowUp.objects.get().in_work is True


def test_start_and_end_checks_change_the_resilience_figures(learner, client_for):
    application = application_at(Stage.COMPLETED, learner=learner)
    client = client_for(learner.user)
    client.post(resilience_url(application, "start"), START)
    assert wellbeing_figures(filters=ImpactFilters())["pairs"] == 0
    client.post(resilience_url(application, "end"), END)
    figures = wellbeing_figures(filters=ImpactFilters())
    assert figures["pairs"] == 1 and figures["improved"] == 1
    assert figures["average_start"] == 18 and figures["average_end"] == 24


def test_a_learner_rates_a_completed_course_once_and_the_figure_changes(learner, started, client_for):
    client = client_for(learner.user)
    url = reverse("impact:satisfaction", args=[started.pk])
    response = client.post(url, {"score": "6"})
    assert response.status_code == 400 and "Choose one of the numbers from 1 to 5." in response.content.decode()
    assert client.post(url, {"score": "5", "comment": "Loved the placement."}).status_code == 302
    figures = satisfaction_figures(filters=ImpactFilters())
    assert figures["learner_responses"] == 1 and figures["learner_average"] == 5
    assert "already told us" in client.get(url).content.decode()


def test_a_course_still_running_cannot_be_rated(learner, enrolled, client_for):
    client_for(learner.user).post(reverse("impact:satisfaction", args=[enrolled.pk]), {"score": "4"})
    assert not SatisfactionSurvey.objects.exists()


# --- Nobody else answers for the learner (IDOR and roles) ------------------------------------------------


@pytest.mark.parametrize("persona", ["other_learner", "staff", "other_locality_staff", "provider_user",
                                     "other_provider_user", "partner", "anonymous"])
def test_nobody_else_can_answer_a_learners_own_surveys(persona, request, learner, started):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = signed_in(user)
    posts = [
        (resilience_url(started), START),
        (follow_up_url(started), {"in_work": "yes", "same_employer": "yes"}),
        (reverse("impact:satisfaction", args=[started.pk]), {"score": "5"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code in (403, 404), (url, response.status_code)
    assert not WellbeingSurvey.objects.exists() and not RetentionFollowUp.objects.exists()
    assert not SatisfactionSurvey.objects.exists()


def test_another_learner_gets_404_not_the_page(other_learner, started, client_for):
    assert client_for(other_learner.user).get(resilience_url(started)).status_code == 404
    assert client_for(other_learner.user).get(follow_up_url(started)).status_code == 404


# --- Staff: paper checks and phone follow-ups ----------------------------------------------------------------


def test_the_staff_learner_page_links_paper_checks_and_phone_follow_ups(staff, learner, enrolled, started,
                                                                        client_for):
    body = client_for(staff).get(reverse("learners:detail", args=[learner.pk])).content.decode()
    assert resilience_url(enrolled, staff=True) in body and follow_up_url(started, staff=True) in body
    assert reverse("impact:satisfaction", args=[started.pk]) not in body


def test_staff_type_in_a_paper_check_with_its_date(staff, learner, enrolled, client_for):
    paper_day = timezone.localdate() - datetime.timedelta(days=3)
    response = client_for(staff).post(resilience_url(enrolled, staff=True), {**START, "taken_on": paper_day})
    assert response.status_code == 302 and response["Location"] == reverse("learners:detail", args=[learner.pk])
    survey = WellbeingSurvey.objects.get()
    assert survey.recorded_by == staff and survey.taken_on == paper_day
    assert AuditEvent.objects.filter(action="impact.resilience_check_recorded", actor=staff).exists()


def test_a_paper_check_needs_a_date_that_is_not_in_the_future(staff, enrolled, client_for):
    client = client_for(staff)
    response = client.post(resilience_url(enrolled, staff=True), START)
    assert response.status_code == 400 and "Enter the date on the paper copy." in response.content.decode()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(resilience_url(enrolled, staff=True), {**START, "taken_on": tomorrow})
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    assert not WellbeingSurvey.objects.exists()


def test_staff_record_a_phone_follow_up_and_the_learner_is_not_asked_again(staff, learner, started, client_for):
    response = client_for(staff).post(follow_up_url(started, staff=True), {"in_work": "yes", "same_employer": "yes"})
    assert response.status_code == 302 and RetentionFollowUp.objects.get().recorded_by == staff
    learners_page = signed_in(learner).get(reverse("learners:me")).content.decode()
    assert follow_up_url(started) not in learners_page


@pytest.mark.parametrize("persona", ["other_locality_staff", "learner", "other_learner", "provider_user", "partner"])
def test_only_staff_who_can_see_the_learner_record_paper_or_phone_answers(persona, request, started):
    client = signed_in(request.getfixturevalue(persona))
    assert client.post(resilience_url(started, staff=True),
                       {**START, "taken_on": timezone.localdate()}).status_code in (403, 404)
    assert client.post(follow_up_url(started, staff=True),
                       {"in_work": "yes", "same_employer": "yes"}).status_code in (403, 404)
    assert not WellbeingSurvey.objects.exists() and not RetentionFollowUp.objects.exists()


# --- Providers rate the academy ----------------------------------------------------------------------------


def test_the_provider_home_links_to_feedback(provider_user, client_for):
    body = client_for(provider_user).get(reverse("providers:home")).content.decode()
    assert reverse("impact:provider_satisfaction") in body


def test_a_provider_rates_the_academy_about_a_cohort_it_worked_with(provider_user, other_provider_user, client_for):
    ours = CohortFactory(name="Get into Care, spring")
    RingFenceFactory(vacancy=VacancyFactory(provider=provider_user.provider), cohort=ours)
    theirs = CohortFactory(name="Someone else's cohort")
    RingFenceFactory(vacancy=VacancyFactory(provider=other_provider_user.provider), cohort=theirs)
    client = client_for(provider_user)
    body = client.get(reverse("impact:provider_satisfaction")).content.decode()
    assert "Get into Care, spring" in body and "Someone else" not in body
    response = client.post(reverse("impact:provider_satisfaction"), {"score": "4", "cohort": theirs.pk})
    assert response.status_code == 400 and "Choose a cohort from the list." in response.content.decode()
    response = client.post(reverse("impact:provider_satisfaction"),
                           {"score": "4", "cohort": ours.pk, "comment": "Ready for work."})
    assert response.status_code == 302
    survey = SatisfactionSurvey.objects.get()
    assert survey.provider == provider_user.provider and survey.cohort == ours and survey.respondent == "provider"
    assert satisfaction_figures(filters=ImpactFilters())["provider_responses"] == 1


def test_a_provider_cannot_rate_the_same_cohort_twice(provider_user, client_for):
    ours = CohortFactory()
    RingFenceFactory(vacancy=VacancyFactory(provider=provider_user.provider), cohort=ours)
    client = client_for(provider_user)
    client.post(reverse("impact:provider_satisfaction"), {"score": "4", "cohort": ours.pk})
    response = client.post(reverse("impact:provider_satisfaction"), {"score": "2", "cohort": ours.pk, "comment": "x"})
    body = response.content.decode()
    assert response.status_code == 400 and "already given feedback about this cohort" in body
    assert re.search(r"<textarea[^>]*>\s*x</textarea>", body)  # what they typed is kept
    assert SatisfactionSurvey.objects.count() == 1


@pytest.mark.parametrize("persona", ["staff", "learner", "partner"])
def test_only_provider_users_give_provider_feedback(persona, request):
    response = signed_in(request.getfixturevalue(persona)).post(reverse("impact:provider_satisfaction"),
                                                                {"score": "5"})
    assert response.status_code == 403 and not SatisfactionSurvey.objects.exists()


# --- Staff record NESTA evidence reviews -----------------------------------------------------------------------


def test_staff_record_an_evidence_review_from_the_evidence_page(staff, client_for):
    programme = ProgrammeFactory()
    client = client_for(staff)
    page = client.get(reverse("impact:evidence_detail", args=[programme.slug])).content.decode()
    assert reverse("impact:evidence_review", args=[programme.slug]) in page
    response = client.post(reverse("impact:evidence_review", args=[programme.slug]), {
        "level": "2", "claim": "Resilience rises over the course.", "data_behind": "Start and end checks.",
        "reviewed_at": timezone.localdate().isoformat()})
    assert response.status_code == 302
    review = ProgrammeEvidence.objects.get()
    assert review.reviewed_by == staff and review.level == 2
    assert "NESTA level 2 of 4" in client.get(response["Location"]).content.decode()


def test_a_bad_evidence_review_keeps_what_was_typed(staff, client_for):
    programme = ProgrammeFactory()
    response = client_for(staff).post(reverse("impact:evidence_review", args=[programme.slug]), {
        "claim": "Most completers start work.", "data_behind": "", "reviewed_at": timezone.localdate().isoformat()})
    body = response.content.decode()
    assert response.status_code == 400 and "Choose the level the evidence reaches." in body
    assert "Say what data backs the claim." in body and "Most completers start work." in body
    assert not ProgrammeEvidence.objects.exists()


def test_partners_read_evidence_but_cannot_record_a_review(partner, client_for):
    programme = ProgrammeFactory()
    client = client_for(partner)
    page = client.get(reverse("impact:evidence_detail", args=[programme.slug])).content.decode()
    assert reverse("impact:evidence_review", args=[programme.slug]) not in page
    response = client.post(reverse("impact:evidence_review", args=[programme.slug]), {
        "level": "4", "claim": "c", "data_behind": "d", "reviewed_at": timezone.localdate().isoformat()})
    assert response.status_code == 403 and not ProgrammeEvidence.objects.exists()

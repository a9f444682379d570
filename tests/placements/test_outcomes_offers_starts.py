"""Recording an interview outcome moves the pipeline by itself; offers are accepted or declined; starts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learners.models import Stage, StageTransition
from placements import services
from placements.models import Interview, JobOffer, JobStart
from tests.factories import ApplicationFactory, LearnerFactory, SiteFactory, VacancyFactory
from tests.factories.placements import booked_interview, enrolled_application, held_interview

pytestmark = pytest.mark.django_db


def stage_of(application):
    application.refresh_from_db()
    return application.stage


def test_an_offer_moves_the_application_to_interviewed_then_offered_and_opens_a_job_offer(staff):
    interview = held_interview()
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff)
    application = interview.application
    assert stage_of(application) == Stage.OFFERED
    moves = list(StageTransition.objects.filter(application=application).values_list("to_stage", flat=True))
    assert moves[-2:] == [Stage.INTERVIEWED, Stage.OFFERED]
    assert JobOffer.objects.get().status == JobOffer.Status.OPEN


def test_no_offer_needs_a_reason_and_moves_the_application_to_interviewed(staff):
    interview = held_interview()
    with pytest.raises(ValidationError, match="Say why there was no offer"):
        services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.NO_OFFER, by=staff)
    assert stage_of(interview.application) == Stage.ENROLLED
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.NO_OFFER, by=staff,
                                      reason="Needs more confidence with personal care")
    assert stage_of(interview.application) == Stage.INTERVIEWED
    assert not JobOffer.objects.exists()


def test_withdrawn_leaves_the_stage_alone(staff):
    interview = booked_interview()
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.WITHDRAWN, by=staff)
    assert stage_of(interview.application) == Stage.ENROLLED


def test_an_offer_cannot_be_recorded_before_the_interview_has_happened(staff):
    interview = booked_interview()
    with pytest.raises(ValidationError, match="This interview has not happened yet"):
        services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff)


def test_an_outcome_is_recorded_only_once(staff):
    interview = held_interview()
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.NO_OFFER, by=staff, reason="x")
    with pytest.raises(ValidationError, match="The outcome has already been recorded"):
        services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff)


def test_a_refused_pipeline_move_saves_nothing_and_its_message_reaches_the_user(client_for, provider_user):
    vacancy = VacancyFactory(site=SiteFactory(provider=provider_user.provider))
    interview = held_interview(vacancy=vacancy)
    # Meanwhile the learner withdrew from the academy: no move out of 'withdrawn' is allowed.
    from learners.services.applications import application_transition

    application_transition(application=interview.application, to_stage=Stage.WITHDRAWN)
    response = client_for(provider_user).post(reverse("placements:interview_outcome", args=[interview.pk]),
                                              {"outcome": "offer"})
    interview.refresh_from_db()
    assert "cannot move from" in response.content.decode()
    assert interview.outcome == Interview.Outcome.PENDING and not JobOffer.objects.exists()


def test_the_provider_records_an_outcome_from_its_page_with_no_second_form(client_for, provider_user):
    vacancy = VacancyFactory(site=SiteFactory(provider=provider_user.provider))
    interview = held_interview(vacancy=vacancy)
    client = client_for(provider_user)
    home = client.get(reverse("providers:home")).content.decode()
    assert reverse("placements:interview_outcome", args=[interview.pk]) in home
    response = client.post(reverse("placements:interview_outcome", args=[interview.pk]), {"outcome": "offer"})
    assert response.status_code == 302
    assert stage_of(interview.application) == Stage.OFFERED


def test_no_offer_without_a_reason_is_refused_in_the_form_and_keeps_the_choice(client_for, staff, locality):
    interview = held_interview(application=enrolled_application(learner=LearnerFactory(locality=locality)))
    response = client_for(staff).post(reverse("placements:interview_outcome", args=[interview.pk]),
                                      {"outcome": "no_offer", "reason": "", "proposed_start_date": "2030-01-02"})
    body = response.content.decode()
    assert "Say why there was no offer" in body
    assert 'value="2030-01-02"' in body
    assert Interview.objects.get().outcome == Interview.Outcome.PENDING


def test_staff_in_another_locality_cannot_record_the_outcome(client_for, other_locality_staff, locality):
    interview = held_interview(application=enrolled_application(learner=LearnerFactory(locality=locality)))
    response = client_for(other_locality_staff).post(
        reverse("placements:interview_outcome", args=[interview.pk]), {"outcome": "offer"})
    assert response.status_code == 404


def test_another_provider_cannot_record_the_outcome(client_for, other_provider_user):
    interview = held_interview()
    response = client_for(other_provider_user).post(
        reverse("placements:interview_outcome", args=[interview.pk]), {"outcome": "offer"})
    assert response.status_code == 404
    assert Interview.objects.get().outcome == Interview.Outcome.PENDING


def offered(by=None, **kwargs):
    interview = held_interview(**kwargs)
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=by)
    return JobOffer.objects.get(interview=interview)


def test_mandas_story_a_declined_offer_for_sleep_ins_then_a_job_that_fits(staff):
    """Offered a job with sleep-ins she cannot do with a young family, she declines; a second
    interview with another provider leads to a job she takes."""
    learner = LearnerFactory(first_name="Manda", cannot_work_sleep_ins=True, cannot_work_nights=True)
    application = ApplicationFactory(learner=learner, stage=Stage.COMPLETED)
    first = offered(application=application, vacancy=VacancyFactory(sleep_ins=True),
                    unsuitable_reason="She asked to meet this employer before ruling out sleep-ins.")
    services.job_offer_decide(offer=first, accept=False, by=staff,
                              reasons=[JobOffer.DeclineReason.SLEEP_INS, JobOffer.DeclineReason.CHILDCARE],
                              note="Young family; cannot do nights")
    first.refresh_from_db()
    assert first.decline_reason_labels() == ["Sleep-ins", "Childcare"]
    assert stage_of(application) == Stage.INTERVIEWED

    second = offered(application=application, vacancy=VacancyFactory(role_title="Community support worker"))
    assert stage_of(application) == Stage.OFFERED
    services.job_offer_decide(offer=second, accept=True, by=staff)
    start = services.job_start_record(offer=second, started_on=timezone.localdate(), by=staff)
    assert stage_of(application) == Stage.STARTED_WORK
    assert start.vacancy.role_title == "Community support worker"
    assert start.days_offer_to_start == (timezone.localdate() - timezone.localtime(second.offered_at).date()).days


def test_declining_needs_a_reason():
    offer = offered()
    with pytest.raises(ValidationError, match="Choose at least one reason for turning the job down"):
        services.job_offer_decide(offer=offer, accept=False, by=None, reasons=[])
    offer.refresh_from_db()
    assert offer.status == JobOffer.Status.OPEN


def test_an_offer_is_decided_only_once():
    offer = offered()
    services.job_offer_decide(offer=offer, accept=True, by=None)
    with pytest.raises(ValidationError, match="This offer has already been accepted"):
        services.job_offer_decide(offer=offer, accept=False, by=None, reasons=["pay"])


def test_the_learner_answers_their_own_offer_but_not_someone_elses(client_for, learner, other_learner):
    offer = offered(application=enrolled_application(learner=learner))
    assert client_for(other_learner.user).get(reverse("placements:offer_decide", args=[offer.pk])).status_code == 404
    response = client_for(learner.user).post(reverse("placements:offer_decide", args=[offer.pk]),
                                             {"decision": "decline", "reasons": ["sleep_ins", "childcare"]})
    offer.refresh_from_db()
    assert response.status_code == 302 and offer.status == JobOffer.Status.DECLINED


def test_a_provider_sees_its_offer_but_cannot_answer_for_the_learner(client_for, provider_user):
    offer = offered(vacancy=VacancyFactory(site=SiteFactory(provider=provider_user.provider)))
    assert client_for(provider_user).get(reverse("placements:offer_decide", args=[offer.pk])).status_code == 403


def test_a_start_needs_an_accepted_offer_and_a_date_not_before_the_offer_nor_in_the_future(staff):
    offer = offered()
    with pytest.raises(ValidationError, match="Only an accepted offer can lead to a start"):
        services.job_start_record(offer=offer, started_on=timezone.localdate(), by=staff)
    services.job_offer_decide(offer=offer, accept=True, by=staff)
    with pytest.raises(ValidationError, match="Record the start on or after the first day at work"):
        services.job_start_record(offer=offer, started_on=timezone.localdate() + datetime.timedelta(days=3), by=staff)
    with pytest.raises(ValidationError, match="The start date cannot be before the job was offered"):
        services.job_start_record(offer=offer, started_on=timezone.localdate() - datetime.timedelta(days=30), by=staff)
    assert not JobStart.objects.exists()


def test_staff_record_a_start_through_the_page(client_for, staff, locality):
    offer = offered(application=enrolled_application(learner=LearnerFactory(locality=locality)))
    services.job_offer_decide(offer=offer, accept=True, by=staff)
    response = client_for(staff).post(reverse("placements:job_start", args=[offer.pk]),
                                      {"started_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert JobStart.objects.get().offer_made_at == offer.offered_at


def test_the_interview_list_query_count_does_not_grow(client_for, staff, locality, django_assert_max_num_queries):
    for _ in range(5):
        offered(application=enrolled_application(learner=LearnerFactory(locality=locality)))
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("placements:interviews"))
    assert len(response.context["interviews"]) == 5

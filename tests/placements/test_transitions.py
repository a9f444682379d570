"""Each status table sits next to its choices and is enforced by one `<entity>_transition` service."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from learners.models import ALLOWED_TRANSITIONS, DBS_TRANSITIONS, DbsCheck, Stage
from placements import services
from placements.models import (
    JOB_OFFER_TRANSITIONS,
    PLACEMENT_TRANSITIONS,
    Interview,
    JobOffer,
    Placement,
)
from tests.factories import PlacementOpportunityFactory
from tests.factories.placements import enrolled_application, held_interview
from vacancies.models import VACANCY_TRANSITIONS, Vacancy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("table", "choices"), [
    (ALLOWED_TRANSITIONS, Stage), (DBS_TRANSITIONS, DbsCheck.Status), (VACANCY_TRANSITIONS, Vacancy.Status),
    (PLACEMENT_TRANSITIONS, Placement.Status), (JOB_OFFER_TRANSITIONS, JobOffer.Status),
])
def test_every_status_has_a_row_and_moves_only_to_known_statuses(table, choices):
    assert set(table) == set(choices.values)
    assert all(targets <= set(choices.values) for targets in table.values())


def confirmed_placement():
    opportunity = PlacementOpportunityFactory()
    return services.placement_confirm(application=enrolled_application(), opportunity=opportunity, by=None,
                                      start_date=opportunity.available_from,
                                      end_date=opportunity.available_from + datetime.timedelta(days=4))


def test_a_placement_moves_only_as_its_table_allows():
    placement = confirmed_placement()
    with pytest.raises(ValidationError, match="Only an accepted placement can be marked as completed"):
        services.placement_transition(placement=placement, to_status=Placement.Status.COMPLETED)
    services.placement_transition(placement=placement, to_status=Placement.Status.ACCEPTED)
    assert services.placement_complete(placement=placement, by=None).status == Placement.Status.COMPLETED
    with pytest.raises(ValidationError, match="This placement is already “Completed”"):
        services.placement_transition(placement=placement, to_status=Placement.Status.DECLINED)


def test_an_answered_placement_is_refused_before_its_answer_is_checked(provider_user):
    placement = confirmed_placement()
    services.placement_respond(placement=placement, by=provider_user, accept=False, reason="No room")
    with pytest.raises(ValidationError, match="already “Declined by the provider”"):
        services.placement_respond(placement=placement, by=provider_user, accept=True)  # no supervisor named


def test_an_offer_is_answered_once_and_the_refusal_says_so():
    interview = held_interview()
    services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=None)
    offer = JobOffer.objects.get(interview=interview)
    services.job_offer_decide(offer=offer, accept=True, by=None)
    with pytest.raises(ValidationError, match="This offer has already been accepted"):
        services.job_offer_decide(offer=offer, accept=False, by=None, reasons=[])
    assert JobOffer.objects.get(pk=offer.pk).status == JobOffer.Status.ACCEPTED

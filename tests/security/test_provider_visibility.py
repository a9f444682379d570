"""Provider users see a learner only while that learner is shared with their organisation."""

import datetime

import pytest
from django.utils import timezone

from learners.permissions import can_view_learner, learners_visible_to
from placements import services as placement_services
from tests.factories import PlacementOpportunityFactory
from tests.factories.placements import booked_interview, enrolled_application

pytestmark = pytest.mark.django_db


def _placement_with(provider, learner, staff):
    application = enrolled_application(learner=learner)
    opportunity = PlacementOpportunityFactory(site__provider=provider)
    return placement_services.placement_confirm(
        application=application, opportunity=opportunity, by=staff,
        start_date=opportunity.available_from, end_date=opportunity.available_from + datetime.timedelta(days=14),
    )


def test_a_provider_sees_no_learner_who_is_not_shared_with_them(provider_user, learner):
    assert not can_view_learner(provider_user, learner)


def test_a_provider_sees_a_learner_placed_with_them_and_another_provider_does_not(
    staff, provider_user, other_provider_user, learner
):
    _placement_with(provider_user.provider, learner, staff)
    assert list(learners_visible_to(provider_user)) == [learner]
    assert not can_view_learner(other_provider_user, learner)


def test_a_declined_or_cancelled_placement_no_longer_shares_the_learner(staff, provider_user, learner):
    placement = _placement_with(provider_user.provider, learner, staff)
    placement_services.placement_respond(placement=placement, by=provider_user, accept=False, reason="No room")
    assert not can_view_learner(provider_user, learner)


def test_a_provider_sees_a_learner_interviewing_with_them_until_the_interview_is_withdrawn(
    staff, provider_user, other_provider_user, learner
):
    interview = booked_interview(application=enrolled_application(learner=learner), by=staff,
                                 vacancy__provider=provider_user.provider, vacancy__site__provider=provider_user.provider)
    assert can_view_learner(provider_user, learner)
    assert not can_view_learner(other_provider_user, learner)
    interview.outcome = "withdrawn"
    interview.outcome_recorded_at = timezone.now()
    interview.save()
    assert not can_view_learner(provider_user, learner)


def test_an_erased_learner_is_no_longer_visible_to_the_provider(staff, provider_user, learner):
    _placement_with(provider_user.provider, learner, staff)
    learner.erased_at = timezone.now()
    learner.save(update_fields=["erased_at"])
    assert not can_view_learner(provider_user, learner)


def test_partners_see_no_learner_even_when_shared_with_a_provider(staff, provider_user, partner, learner):
    _placement_with(provider_user.provider, learner, staff)
    assert not learners_visible_to(partner).exists()


def test_provider_learner_page_follows_the_one_sharing_rule(client_for, provider_user, other_provider_user, learner):
    """The provider's learner page uses learners.permissions, so a learner with no live placement,
    interview or released file with that provider is a 404 there (no looser copy of the rule)."""
    from django.urls import reverse

    from learners.permissions import learners_visible_to

    assert not learners_visible_to(provider_user).filter(pk=learner.pk).exists()
    response = client_for(provider_user).get(reverse("providers:learner_detail", args=[learner.pk]))
    assert response.status_code == 404

"""The learner's own page under /placements/me/ and the panel the learner home can include."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from placements import services
from placements.models import Interview
from placements.selectors import learner_employment
from tests.factories import InterviewSlotFactory, PlacementOpportunityFactory, VacancyFactory
from tests.factories.placements import booked_interview, enrolled_application, held_interview

pytestmark = pytest.mark.django_db


def test_a_learner_sees_their_placement_interviews_and_offers(client_for, learner, other_learner):
    application = enrolled_application(learner=learner)
    opportunity = PlacementOpportunityFactory(title="Shadowing at Seaview")
    services.placement_confirm(application=application, opportunity=opportunity, by=None,
                               start_date=opportunity.available_from, end_date=opportunity.available_from)
    offered = held_interview(application=application, vacancy=VacancyFactory(role_title="Night carer"))
    services.interview_record_outcome(interview=offered, outcome=Interview.Outcome.OFFER, by=None)
    booked_interview(application=enrolled_application(learner=other_learner),
                     vacancy=VacancyFactory(role_title="Someone else's interview"))
    body = client_for(learner.user).get(reverse("placements:my")).content.decode()
    assert opportunity.provider.name in body
    assert "Night carer" in body and "Accept or turn down" in body
    assert "Someone else" not in body


def test_the_learner_page_links_to_self_booking_once_enrolled(client_for, learner):
    enrolled_application(learner=learner)
    body = client_for(learner.user).get(reverse("placements:my")).content.decode()
    assert reverse("placements:book") in body


def test_a_learner_without_a_record_gets_a_kind_message(client_for):
    from tests.factories import UserFactory

    user = UserFactory()
    assert "no learner record" in client_for(user).get(reverse("placements:my")).content.decode()


@pytest.mark.parametrize("persona", ["staff", "provider_user", "partner"])
def test_only_learners_open_the_learner_page(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("placements:my")).status_code == 403


def test_the_learner_panel_include_renders_the_learners_own_records(learner):
    application = enrolled_application(learner=learner)
    booked_interview(application=application, slot=InterviewSlotFactory(vacancy=VacancyFactory(role_title="Day carer")))
    html = Template('{% include "placements/_learner_panel.html" with e=employment %}').render(
        Context({"employment": learner_employment(learner=learner)}))
    assert 'data-testid="learner-employment-panel"' in html
    assert "Day carer" in html and reverse("placements:book") in html


def test_the_learner_nav_links_to_the_placement_page(client_for, learner):
    body = client_for(learner.user).get(reverse("placements:my")).content.decode()
    assert f'href="{reverse("placements:my")}"' in body

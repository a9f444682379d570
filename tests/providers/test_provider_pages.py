"""Provider organisations: staff manage all; a provider user manages only its own; contacts and sites."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners.models import Stage
from placements import services as placement_services
from providers.models import Provider, ProviderContact, Site
from tests.factories import (
    ApplicationFactory,
    LearnerFactory,
    PlacementOpportunityFactory,
    ProviderContactFactory,
    ProviderFactory,
    RecruitmentEventFactory,
    SiteFactory,
    VacancyFactory,
)
from tests.factories.placements import booked_interview, enrolled_application

pytestmark = pytest.mark.django_db


def test_the_provider_home_is_a_dashboard_of_its_own_work(client_for, provider_user):
    mine = VacancyFactory(site=SiteFactory(provider=provider_user.provider), role_title="Our carer job")
    VacancyFactory(role_title="Someone else's job")
    body = client_for(provider_user).get(reverse("providers:home")).content.decode()
    assert "Our carer job" in body and "Someone else" not in body
    assert reverse("vacancies:manage_detail", args=[mine.pk]) in body


def test_the_provider_home_query_count_does_not_grow(client_for, provider_user, django_assert_max_num_queries):
    site = SiteFactory(provider=provider_user.provider)
    for _ in range(4):
        booked_interview(vacancy=VacancyFactory(site=site))
    client = client_for(provider_user)
    client.get(reverse("providers:home"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("providers:home"))
    assert len(response.context["upcoming"]) == 4


def test_the_provider_home_asks_the_naming_rule_once_for_all_its_lists(client_for, staff, provider_user):
    """Placements, interviews and event meetings all print learners' names under one rule
    (providers.permissions); the page asks it once for the learners of every list, not inside each
    list's query, where PostgreSQL plans it again for each (3-7 ms apiece at 100,000 learners)."""
    provider = provider_user.provider
    site = SiteFactory(provider=provider)
    placed, interviewed, met = (LearnerFactory(locality=provider.locality) for _ in range(3))
    opportunity = PlacementOpportunityFactory(site=site, provider=provider)
    placement_services.placement_confirm(
        application=enrolled_application(learner=placed), opportunity=opportunity, by=staff,
        start_date=opportunity.available_from, end_date=opportunity.available_from + datetime.timedelta(days=4))
    booked_interview(application=enrolled_application(learner=interviewed), vacancy=VacancyFactory(site=site))
    event = RecruitmentEventFactory(providers=[provider], date=timezone.localdate())
    placement_services.event_meeting_add(event=event, provider=provider,
                                         application=enrolled_application(learner=met), by=staff)
    client = client_for(provider_user)
    client.get(reverse("providers:home"))
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("providers:home")).content.decode()
    assert all(learner.full_name in body for learner in (placed, interviewed, met))
    asking_the_rule = [q["sql"] for q in queries.captured_queries if "learners_personnelfilerelease" in q["sql"]]
    assert len(asking_the_rule) == 1


def test_staff_add_a_provider(client_for, staff, locality):
    response = client_for(staff).post(reverse("providers:create"), {
        "name": "Bay View Care", "cqc_location_id": "1-555", "cqc_rating": "good", "locality": locality.pk})
    provider = Provider.objects.get(name="Bay View Care")
    assert response.status_code == 302 and provider.cqc_location_id == "1-555"


def test_a_duplicate_cqc_location_id_is_refused_and_the_name_kept(client_for, staff, locality):
    ProviderFactory(cqc_location_id="1-777")
    response = client_for(staff).post(reverse("providers:create"), {
        "name": "Typed Name Care", "cqc_location_id": "1-777", "cqc_rating": "good", "locality": locality.pk})
    assert response.status_code == 200 and 'value="Typed Name Care"' in response.content.decode()
    assert not Provider.objects.filter(name="Typed Name Care").exists()


def test_a_provider_user_edits_its_own_organisation_but_gets_404_for_another(client_for, provider_user):
    client = client_for(provider_user)
    other = ProviderFactory()
    mine = provider_user.provider
    assert client.get(reverse("providers:edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("providers:detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("providers:edit", args=[other.pk]), {"name": "Hijacked", "cqc_rating": "good",
                                                                         "locality": other.locality_id})
    other.refresh_from_db()
    assert response.status_code == 404 and other.name != "Hijacked"


def test_only_staff_list_all_providers(client_for, staff, provider_user):
    assert client_for(provider_user).get(reverse("providers:list")).status_code == 403
    assert client_for(staff).get(reverse("providers:list")).status_code == 200


def test_a_site_needs_a_real_looking_postcode(client_for, provider_user):
    provider = provider_user.provider
    client = client_for(provider_user)
    bad = client.post(reverse("providers:site_create", args=[provider.pk]),
                      {"name": "New branch", "postcode": "nonsense", "locality": provider.locality_id})
    assert "Enter a UK postcode" in bad.content.decode() and 'value="New branch"' in bad.content.decode()
    client.post(reverse("providers:site_create", args=[provider.pk]),
                {"name": "New branch", "postcode": "fy1  2qp", "locality": provider.locality_id})
    assert Site.objects.get(name="New branch").postcode == "FY1 2QP"


def test_a_provider_cannot_edit_another_providers_site_or_contact(client_for, provider_user):
    site, contact = SiteFactory(), ProviderContactFactory()
    client = client_for(provider_user)
    assert client.get(reverse("providers:site_edit", args=[site.pk])).status_code == 404
    assert client.get(reverse("providers:contact_edit", args=[contact.pk])).status_code == 404
    assert client.post(reverse("providers:contact_delete", args=[contact.pk])).status_code == 404
    assert ProviderContact.objects.filter(pk=contact.pk).exists()


def test_a_contact_needs_an_email_or_a_phone(client_for, provider_user):
    response = client_for(provider_user).post(
        reverse("providers:contact_create", args=[provider_user.provider.pk]), {"name": "Ali", "role": "recruitment"})
    assert "Give an email address or a phone number" in response.content.decode()
    assert not ProviderContact.objects.exists()


def test_making_a_contact_the_main_one_takes_the_flag_from_the_previous_main_contact(client_for, provider_user):
    provider = provider_user.provider
    old = ProviderContactFactory(provider=provider, is_primary=True)
    client_for(provider_user).post(reverse("providers:contact_create", args=[provider.pk]), {
        "name": "New Main", "role": "registered_manager", "email": "main@example.test", "is_primary": "on"})
    old.refresh_from_db()
    assert not old.is_primary
    assert ProviderContact.objects.get(is_primary=True).name == "New Main"


def test_a_provider_sees_a_learner_shared_through_an_interview_but_not_others(client_for, provider_user):
    shared = LearnerFactory()
    booked_interview(application=ApplicationFactory(learner=shared, stage=Stage.ENROLLED),
                     vacancy=VacancyFactory(site=SiteFactory(provider=provider_user.provider)))
    stranger = LearnerFactory()
    someone_elses = LearnerFactory()
    booked_interview(application=ApplicationFactory(learner=someone_elses, stage=Stage.ENROLLED))
    client = client_for(provider_user)
    assert client.get(reverse("providers:learner_detail", args=[shared.pk])).status_code == 200
    assert client.get(reverse("providers:learner_detail", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("providers:learner_detail", args=[someone_elses.pk])).status_code == 404

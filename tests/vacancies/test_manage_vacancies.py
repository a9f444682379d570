"""Providers manage their own vacancies; another provider's are a 404; bad input keeps what was typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import SiteFactory, VacancyFactory
from tests.factories.vacancies import care_setting
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def form_data(site, **overrides):
    data = {
        "site": site.pk, "role_title": "Support worker", "setting": care_setting("supported-living").pk,
        "summary": "Supporting people at home.", "hours_per_week": "30", "works_days": "on",
        "pay_amount": "12.40", "pay_period": "hourly", "contract": "permanent",
        "closing_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "good_parts": "Variety.", "hard_parts": "Sleep-ins twice a month.",
    }
    data.update(overrides)
    return data


def test_a_provider_adds_and_publishes_a_vacancy_at_its_own_site(client_for, provider_user):
    site = SiteFactory(provider=provider_user.provider)
    response = client_for(provider_user).post(reverse("vacancies:create"), {**form_data(site), "publish": "1"})
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert vacancy.provider == provider_user.provider and vacancy.status == Vacancy.Status.OPEN


def test_a_past_closing_date_is_refused_with_a_clear_message_and_the_typed_values_kept(client_for, provider_user):
    site = SiteFactory(provider=provider_user.provider)
    past = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    response = client_for(provider_user).post(reverse("vacancies:create"),
                                              form_data(site, closing_date=past, role_title="Typed title"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "The closing date cannot be in the past." in body
    assert 'value="Typed title"' in body
    assert not Vacancy.objects.exists()


def test_negative_pay_is_refused_with_a_clear_message(client_for, provider_user):
    site = SiteFactory(provider=provider_user.provider)
    response = client_for(provider_user).post(reverse("vacancies:create"), form_data(site, pay_amount="-3"))
    assert "Pay must be more than £0." in response.content.decode()
    assert 'value="-3"' in response.content.decode()
    assert not Vacancy.objects.exists()


def test_a_provider_cannot_choose_another_providers_site(client_for, provider_user):
    theirs = SiteFactory()
    response = client_for(provider_user).post(reverse("vacancies:create"), form_data(theirs))
    assert response.status_code == 200
    assert not Vacancy.objects.exists()


def test_a_provider_sees_only_its_own_vacancies_in_the_list(client_for, provider_user):
    mine = VacancyFactory(site=SiteFactory(provider=provider_user.provider), role_title="Mine")
    VacancyFactory(role_title="Theirs")
    response = client_for(provider_user).get(reverse("vacancies:manage_list"))
    assert [v.pk for v in response.context["vacancies"]] == [mine.pk]


@pytest.mark.parametrize("name", ["vacancies:manage_detail", "vacancies:edit", "vacancies:ring_fence_create"])
def test_a_provider_gets_404_for_another_providers_vacancy_pages(client_for, provider_user, name):
    theirs = VacancyFactory()
    assert client_for(provider_user).get(reverse(name, args=[theirs.pk])).status_code == 404


def test_a_provider_cannot_change_the_status_of_another_providers_vacancy(client_for, provider_user):
    theirs = VacancyFactory()
    response = client_for(provider_user).post(reverse("vacancies:status", args=[theirs.pk]), {"to_status": "closed"})
    theirs.refresh_from_db()
    assert response.status_code == 404 and theirs.status == Vacancy.Status.OPEN


def test_an_illegal_status_change_is_refused_with_a_message(client_for, provider_user):
    vacancy = VacancyFactory(site=SiteFactory(provider=provider_user.provider), status=Vacancy.Status.FILLED)
    response = client_for(provider_user).post(reverse("vacancies:status", args=[vacancy.pk]),
                                              {"to_status": "open"}, follow=True)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert "cannot be made" in response.content.decode()


def test_staff_can_manage_any_providers_vacancy(client_for, staff):
    vacancy = VacancyFactory()
    response = client_for(staff).post(reverse("vacancies:status", args=[vacancy.pk]), {"to_status": "closed"})
    vacancy.refresh_from_db()
    assert response.status_code == 302 and vacancy.status == Vacancy.Status.CLOSED


@pytest.mark.parametrize("persona", ["learner", "partner"])
def test_learners_and_partners_cannot_manage_vacancies(client_for, request, persona):
    person = request.getfixturevalue(persona)
    user = getattr(person, "user", person)
    assert client_for(user).get(reverse("vacancies:manage_list")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_to_manage_vacancies(client):
    response = client.get(reverse("vacancies:create"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_managed_list_query_count_does_not_grow(client_for, staff, django_assert_max_num_queries):
    for _ in range(6):
        VacancyFactory()
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("vacancies:manage_list"))
    assert len(response.context["vacancies"]) == 6

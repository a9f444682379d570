"""The public vacancy guide at /vacancies/: anyone can read and filter it; it prints."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from providers.models import ClientGroup
from tests.factories import LocalityFactory, SiteFactory, VacancyFactory
from tests.factories.vacancies import care_setting
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def titles(response):
    return [v.role_title for v in response.context["vacancies"]]


def test_anyone_can_read_the_guide_without_logging_in(client):
    VacancyFactory(role_title="Night care assistant")
    response = client.get(reverse("vacancies:guide"))
    assert response.status_code == 200
    assert "Night care assistant" in response.content.decode()
    assert "The hard parts" in response.content.decode()


def test_drafts_closed_filled_and_expired_vacancies_are_not_in_the_guide(client):
    VacancyFactory(role_title="Open one")
    VacancyFactory(role_title="Draft one", status=Vacancy.Status.DRAFT)
    VacancyFactory(role_title="Closed one", status=Vacancy.Status.CLOSED)
    VacancyFactory(role_title="Filled one", status=Vacancy.Status.FILLED)
    expired = VacancyFactory(role_title="Expired one")
    Vacancy.objects.filter(pk=expired.pk).update(closing_date=timezone.localdate() - datetime.timedelta(days=1))
    assert titles(client.get(reverse("vacancies:guide"))) == ["Open one"]


def test_the_guide_filters_by_setting_client_group_locality_hours_driving_and_keyword(client):
    wigan = LocalityFactory(name="Wigan")
    dementia = ClientGroup.objects.get_or_create(code="dementia", defaults={"name": "Dementia"})[0]
    home_care = care_setting("domiciliary")
    VacancyFactory(role_title="Home carer", setting=home_care, driving_required=True, hours_per_week=20)
    VacancyFactory(role_title="Dementia carer", client_groups=[dementia], hours_per_week=37,
                   site=SiteFactory(locality=wigan))
    url = reverse("vacancies:guide")
    assert titles(client.get(url, {"setting": home_care.pk})) == ["Home carer"]
    assert titles(client.get(url, {"client_group": dementia.pk})) == ["Dementia carer"]
    assert titles(client.get(url, {"locality": wigan.pk})) == ["Dementia carer"]
    assert titles(client.get(url, {"hours": "part"})) == ["Home carer"]
    assert titles(client.get(url, {"hours": "full"})) == ["Dementia carer"]
    assert titles(client.get(url, {"no_driving": "on"})) == ["Dementia carer"]
    assert titles(client.get(url, {"q": "home carer"})) == ["Home carer"]


def test_the_no_nights_filter_hides_night_shifts_and_sleep_ins(client):
    VacancyFactory(role_title="Days only")
    VacancyFactory(role_title="Nights", works_nights=True)
    VacancyFactory(role_title="Sleep-ins", sleep_ins=True)
    assert titles(client.get(reverse("vacancies:guide"), {"no_nights": "on"})) == ["Days only"]


def test_the_guide_is_paginated_and_keeps_the_filters_in_page_links(client):
    for _ in range(12):
        VacancyFactory(driving_required=False)
    response = client.get(reverse("vacancies:guide"), {"no_driving": "on"})
    assert len(response.context["vacancies"]) == 10
    assert "no_driving=on&amp;page=2" in response.content.decode()
    assert len(client.get(reverse("vacancies:guide"), {"no_driving": "on", "page": 2}).context["vacancies"]) == 2


def test_the_guide_query_count_does_not_grow_with_the_number_of_vacancies(client, django_assert_max_num_queries):
    for _ in range(10):
        VacancyFactory(client_groups=list(ClientGroup.objects.all()[:2]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("vacancies:guide"))
    assert len(response.context["vacancies"]) == 10


def test_the_printable_guide_puts_four_vacancies_on_each_page_and_honours_filters(client,
                                                                                  django_assert_max_num_queries):
    for _ in range(9):
        VacancyFactory()
    VacancyFactory(role_title="Driver job", driving_required=True)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("vacancies:guide_print"), {"no_driving": "on"})
    assert response.status_code == 200
    assert [len(sheet) for sheet in response.context["sheets"]] == [4, 4, 1]
    assert "Driver job" not in response.content.decode()
    assert "css/vacancies.css" in response.content.decode()


def test_the_guide_pdf_is_a_pdf(client):
    VacancyFactory(role_title="Care assistant in the PDF")
    response = client.get(reverse("vacancies:guide_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_public_vacancy_page_shows_the_realistic_job_preview_but_not_drafts(client):
    open_one = VacancyFactory(good_parts="Lovely residents", hard_parts="Early starts")
    draft = VacancyFactory(status=Vacancy.Status.DRAFT)
    body = client.get(reverse("vacancies:public_detail", args=[open_one.pk])).content.decode()
    assert "Lovely residents" in body and "Early starts" in body
    assert client.get(reverse("vacancies:public_detail", args=[draft.pk])).status_code == 404


def test_the_home_page_links_to_the_guide(client):
    assert reverse("vacancies:guide") in client.get(reverse("index")).content.decode()

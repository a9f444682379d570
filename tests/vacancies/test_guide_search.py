"""The guide's keyword search over its stored search text, and its cached results: right, and fresh the
moment anything the guide shows changes, for signed-in visitors as well as anonymous ones."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from providers.models import ClientGroup
from tests.factories import SiteFactory, VacancyFactory
from tests.factories.vacancies import care_setting
from vacancies.models import Vacancy
from vacancies.search import guide_results_cache_key, vacancy_search_text_refresh

pytestmark = pytest.mark.django_db
GUIDE = reverse("vacancies:guide")


@pytest.fixture
def results_cached(settings):
    settings.GUIDE_RESULTS_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def titles(response):
    assert response.status_code == 200
    return sorted(v.role_title for v in response.context["vacancies"])


def _body_titles(response):
    """The titles in the page itself (a cached copy has no context to read them from)."""
    body = response.content.decode()
    return sorted(title for title in ("Cook", "Carer", "Support worker", "Home carer", "Night carer")
                  if f">{title}</a>" in body)


def test_the_keyword_matches_role_summary_provider_site_setting_and_client_group_in_any_case(client):
    site = SiteFactory(name="Willow Court", provider__name="Brightwater Homes")
    VacancyFactory(role_title="Cook", site=site, summary="Meals for residents.", setting=care_setting("residential"))
    dementia = ClientGroup.objects.get_or_create(code="dementia", defaults={"name": "Dementia"})[0]
    VacancyFactory(role_title="Support worker", summary="Helping people live at home.", client_groups=[dementia])
    for keyword in ("COOK", "meals FOR", "brightwater", "willow court", "Support", "LIVE AT HOME", "dementia"):
        expected = ["Support worker"] if keyword in ("Support", "LIVE AT HOME", "dementia") else ["Cook"]
        assert titles(client.get(GUIDE, {"q": keyword})) == expected, keyword
    assert titles(client.get(GUIDE, {"q": "  cook  "})) == ["Cook"]
    assert titles(client.get(GUIDE, {"q": "plumber"})) == []


def test_renaming_a_provider_site_or_setting_moves_its_vacancies_in_the_search(client):
    vacancy = VacancyFactory(role_title="Cook")
    provider, site, setting = vacancy.provider, vacancy.site, vacancy.setting
    provider.name = "Meadow Lodge Care"
    provider.save()
    site.name = "Heron House"
    site.save()
    setting.name = "Riverside setting"
    setting.save()
    for keyword in ("meadow lodge", "heron house", "riverside setting"):
        assert titles(client.get(GUIDE, {"q": keyword})) == ["Cook"], keyword


def test_editing_a_vacancy_rewrites_its_search_text(client):
    vacancy = VacancyFactory(role_title="Cook")
    vacancy.role_title = "Kitchen assistant"
    vacancy.save(update_fields=["role_title"])
    assert titles(client.get(GUIDE, {"q": "kitchen"})) == ["Kitchen assistant"]
    assert titles(client.get(GUIDE, {"q": "cook"})) == []


def test_the_client_groups_a_vacancy_supports_are_searched_as_they_change_from_either_side(client):
    dementia = ClientGroup.objects.get_or_create(code="dementia", defaults={"name": "Dementia"})[0]
    learning = ClientGroup.objects.get_or_create(code="ld", defaults={"name": "Learning disabilities"})[0]
    cook, carer = VacancyFactory(role_title="Cook"), VacancyFactory(role_title="Carer")

    cook.client_groups.add(dementia)
    assert titles(client.get(GUIDE, {"q": "dementia"})) == ["Cook"]
    cook.client_groups.remove(dementia)
    assert titles(client.get(GUIDE, {"q": "dementia"})) == []
    cook.client_groups.set([dementia, learning])
    cook.client_groups.clear()
    assert titles(client.get(GUIDE, {"q": "learning disab"})) == []
    # From the group's side.
    learning.vacancies.add(cook, carer)
    assert titles(client.get(GUIDE, {"q": "LEARNING"})) == ["Carer", "Cook"]
    learning.vacancies.remove(carer)
    assert titles(client.get(GUIDE, {"q": "learning"})) == ["Cook"]
    learning.vacancies.clear()
    assert titles(client.get(GUIDE, {"q": "learning"})) == []


def test_renaming_or_deleting_a_client_group_moves_its_vacancies_in_the_search(client):
    group = ClientGroup.objects.create(code="ab", name="Acquired brain injury")
    VacancyFactory(role_title="Carer", client_groups=[group])
    VacancyFactory(role_title="Cook", summary="Cooking for people with an acquired brain injury.")
    group.name = "Brain injury rehabilitation"
    group.save()
    assert titles(client.get(GUIDE, {"q": "rehabilitation"})) == ["Carer"]
    assert titles(client.get(GUIDE, {"q": "acquired"})) == ["Cook"]
    group.delete()
    assert titles(client.get(GUIDE, {"q": "rehabilitation"})) == []
    assert titles(client.get(GUIDE, {"q": "carer"})) == ["Carer"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a covering index is PostgreSQL's")
def test_postgresql_keeps_the_open_vacancies_search_text_in_a_covering_index():
    """The guide's count of matches reads this index alone (vacancies.0004), not a table page per vacancy."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'vacancies_vacancy_open_search'")
        (definition,) = cursor.fetchone()
    assert "(closing_date) INCLUDE (search_text)" in definition
    assert "WHERE ((status)::text = 'open'::text)" in definition


def test_the_search_text_can_be_rebuilt_for_rows_written_without_save(client):
    VacancyFactory(role_title="Cook")
    Vacancy.objects.update(search_text="")
    assert titles(client.get(GUIDE, {"q": "cook"})) == []
    vacancy_search_text_refresh()
    assert titles(client.get(GUIDE, {"q": "cook"})) == ["Cook"]


def test_signed_in_visitors_get_the_results_from_the_cache_when_nothing_changed(client_for, learner, results_cached):
    VacancyFactory(role_title="Carer")
    client = client_for(learner.user)
    with CaptureQueriesContext(connection) as first:
        client.get(GUIDE, {"q": "carer"})
    with CaptureQueriesContext(connection) as again:
        response = client.get(GUIDE, {"q": "carer", "unknown": "1"})  # strays share the entry
    assert _body_titles(response) == ["Carer"]
    vacancy_reads = [q for q in again.captured_queries if "vacancies_vacancy" in q["sql"]]
    assert vacancy_reads == [] and len(again.captured_queries) < len(first.captured_queries)


@pytest.mark.parametrize("change", ["retitle", "close", "new", "rename provider", "client group"])
def test_a_change_to_what_the_guide_shows_is_on_the_next_page(client_for, learner, results_cached, change):
    vacancy = VacancyFactory(role_title="Carer", summary="Care at home.")
    client = client_for(learner.user)
    assert _body_titles(client.get(GUIDE, {"q": "care"})) == ["Carer"]
    if change == "retitle":
        vacancy.role_title = "Home carer"
        vacancy.save()
        expected = ["Home carer"]
    elif change == "close":
        vacancy.status = Vacancy.Status.CLOSED
        vacancy.save(update_fields=["status"])
        expected = []
    elif change == "new":
        VacancyFactory(role_title="Night carer")
        expected = ["Carer", "Night carer"]
    elif change == "rename provider":
        vacancy.provider.name = "Renamed Provider Ltd"
        vacancy.provider.save()
        body = client.get(GUIDE, {"q": "care"}).content.decode()
        assert "Renamed Provider Ltd" in body
        return
    else:
        group = ClientGroup.objects.get_or_create(code="dementia", defaults={"name": "Dementia"})[0]
        vacancy.client_groups.add(group)
        assert f"Supporting: {group.name}" in client.get(GUIDE, {"q": "care"}).content.decode()
        return
    assert _body_titles(client.get(GUIDE, {"q": "care"})) == expected


def test_the_cache_key_ignores_order_blanks_and_strays_and_nothing_about_the_visitor(rf):
    first = guide_results_cache_key(rf.get(GUIDE, {"q": "care", "hours": "part", "setting": ""}).GET)
    same = guide_results_cache_key(rf.get(GUIDE, {"hours": "part", "junk": "x", "q": " care "}).GET)
    other_page = guide_results_cache_key(rf.get(GUIDE, {"q": "care", "hours": "part", "page": "2"}).GET)
    assert first == same
    assert other_page != first


def test_a_bad_filter_is_marked_on_its_field_and_listed_in_the_error_summary(client):
    body = client.get(GUIDE, {"hours": "sometimes"}).content.decode()
    assert 'data-testid="form-errors"' in body
    assert 'href="#id_hours"' in body
    assert 'class="select form-select is-invalid"' in body
    assert 'aria-describedby="id_hours_error"' in body
    assert 'id="id_hours_error" class="invalid-feedback"' in body


def test_the_filters_keep_their_labels_and_what_was_chosen(client):
    setting = care_setting("domiciliary")
    body = client.get(GUIDE, {"q": "carer", "setting": setting.pk, "no_driving": "on"}).content.decode()
    for field, label in (("q", "Keyword"), ("setting", "Setting"), ("client_group", "Supporting"),
                         ("locality", "Area"), ("hours", "Hours"), ("no_driving", "No driving needed"),
                         ("no_nights", "No nights or sleep-ins")):
        assert f'for="id_{field}"' in body and label in body, field
    assert 'value="carer"' in body
    assert f'<option value="{setting.pk}" selected>' in body
    assert 'name="no_driving" class="checkboxinput form-check-input" id="id_no_driving" checked' in body


def test_the_filter_lists_come_from_the_cache_and_show_a_new_option_at_once(client, settings):
    from tests.factories import LocalityFactory

    settings.GUIDE_CHOICES_CACHE_SECONDS = 600
    cache.clear()
    VacancyFactory(role_title="Carer")
    client.get(GUIDE, {"q": "carer", "page": "1"})
    with CaptureQueriesContext(connection) as again:
        client.get(GUIDE, {"q": "carer"})
    lists = ('FROM "academy_locality"', 'FROM "providers_caresetting"', 'FROM "providers_clientgroup"')
    # Each list was one unfiltered SELECT of its table (the cards' own joins have a WHERE).
    assert not [q for q in again.captured_queries if any(table in q["sql"] for table in lists) and "WHERE" not in q["sql"]]
    LocalityFactory(name="Knowsley")
    body = client.get(GUIDE, {"q": "carer"}).content.decode()
    assert ">Knowsley</option>" in body
    cache.clear()

"""Staff list, create and edit programmes, and say per programme whether values screening and DBS are needed."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import Programme
from tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _post(**extra):
    data = {"name": "Care Certificate refresher", "slug": "", "kind": "cpd",
            "summary": "Refresh the Care Certificate standards.", "duration_weeks": 2,
            "guaranteed_interview": "", "requires_values_screening": "", "requires_dbs": "", "is_active": "on"}
    data.update(extra)
    return data


def test_staff_see_every_programme_active_or_not(client_for, staff):
    ProgrammeFactory(name="Talent for Care")
    ProgrammeFactory(name="Old bite-size course", is_active=False)
    page = client_for(staff).get(reverse("courses:programme_manage_list")).content.decode()
    assert "Talent for Care" in page and "Old bite-size course" in page
    assert "Not on the public list" in page


def test_staff_home_links_to_programmes(client_for, staff):
    page = client_for(staff).get(reverse("workqueue:home")).content.decode()
    assert reverse("courses:programme_manage_list") in page


def test_a_new_cpd_programme_asks_for_neither_screening_nor_dbs_by_default(client_for, staff):
    response = client_for(staff).post(reverse("courses:programme_create"), _post())
    programme = Programme.objects.get()
    assert response["Location"] == reverse("courses:programme_manage_list")
    assert programme.slug == "care-certificate-refresher"
    assert (programme.requires_values_screening, programme.requires_dbs) == (False, False)


@pytest.mark.parametrize("kind", ["sbwa", "bite_size", "apprenticeship"])
def test_other_kinds_ask_for_screening_and_dbs_by_default(client_for, staff, kind):
    client_for(staff).post(reverse("courses:programme_create"), _post(kind=kind))
    programme = Programme.objects.get()
    assert (programme.requires_values_screening, programme.requires_dbs) == (True, True)


def test_staff_can_override_the_defaults_of_a_kind(client_for, staff):
    client_for(staff).post(reverse("courses:programme_create"),
                           _post(kind="sbwa", requires_values_screening="yes", requires_dbs="no"))
    programme = Programme.objects.get()
    assert (programme.requires_values_screening, programme.requires_dbs) == (True, False)


def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(client_for, staff):
    ProgrammeFactory(name="Talent for Care", slug="talent-for-care")
    response = client_for(staff).post(reverse("courses:programme_create"),
                                      _post(name="Talent for Care", duration_weeks=0, summary="Kept summary text"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kept summary text" in page
    assert "already" in page.lower()
    assert "1 week or more" in page
    assert Programme.objects.count() == 1


def test_staff_edit_a_programme_and_the_form_shows_its_current_requirements(client_for, staff):
    programme = ProgrammeFactory(name="Talent for Care", kind="sbwa")
    client = client_for(staff)
    form = client.get(reverse("courses:programme_edit", args=[programme.pk])).context["form"]
    assert (form["requires_values_screening"].value(), form["requires_dbs"].value()) == ("yes", "yes")
    client.post(reverse("courses:programme_edit", args=[programme.pk]),
                _post(name="Talent for Care", slug=programme.slug, kind="sbwa", requires_values_screening="no",
                      requires_dbs="yes", duration_weeks=6))
    programme.refresh_from_db()
    assert programme.kind == "sbwa" and programme.duration_weeks == 6
    assert (programme.requires_values_screening, programme.requires_dbs) == (False, True)


def test_deactivating_hides_the_programme_from_the_public_list_but_keeps_its_cohorts(client_for, staff, client):
    programme = ProgrammeFactory(name="Talent for Care")
    cohort = CohortFactory(programme=programme)
    services.programme_save(programme=programme, by=staff, is_active=False)
    client.logout()
    public = client.get(reverse("courses:programme_list")).content.decode()
    assert "Talent for Care" not in public
    assert client.get(reverse("courses:programme_detail", args=[programme.slug])).status_code == 404
    assert client.get(reverse("learners:apply", args=[cohort.pk])).status_code == 404
    cohort.refresh_from_db()
    assert cohort.programme_id == programme.pk


@pytest.mark.parametrize("persona", ["provider_user", "learner", "partner"])
@pytest.mark.parametrize("url_name", ["programme_manage_list", "programme_create", "programme_edit"])
def test_only_staff_may_list_create_or_edit_programmes(client_for, request, persona, url_name):
    programme = ProgrammeFactory(name="Talent for Care")
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    args = [programme.pk] if url_name == "programme_edit" else []
    client = client_for(user)
    assert client.get(reverse(f"courses:{url_name}", args=args)).status_code == 403
    if url_name != "programme_manage_list":
        assert client.post(reverse(f"courses:{url_name}", args=args), _post(name="Taken over")).status_code == 403
    assert not Programme.objects.filter(name="Taken over").exists()
    programme.refresh_from_db()
    assert programme.name == "Talent for Care"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("courses:programme_create"))
    assert response.status_code == 302 and "login" in response["Location"]

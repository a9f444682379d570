"""The admin lists for the employer side open for a superuser (lookups only; rules live in the portal)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["providers_provider", "vacancies_vacancy", "placements_placement", "placements_interview",
          "placements_joboffer", "placements_jobstart", "placements_postcodedistrict"]


@pytest.mark.parametrize("name", MODELS)
def test_the_admin_list_opens(client, name):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200

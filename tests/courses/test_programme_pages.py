"""Public pages: programmes and upcoming cohorts with places left."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import Stage
from tests.factories import ApplicationFactory, CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_the_index_links_to_the_course_list(client):
    body = client.get("/").content.decode()
    assert reverse("courses:programme_list") in body
    assert reverse("courses:programme_list") == "/courses/"


def test_programmes_are_listed_with_their_upcoming_cohorts(client, cohort):
    body = client.get(reverse("courses:programme_list")).content.decode()
    assert cohort.programme.name in body
    assert "12 places left" in body


def test_places_left_counts_only_people_holding_a_place(client, cohort):
    for stage in [Stage.ACCEPTED, Stage.ENROLLED, Stage.APPLIED, Stage.REFERRED, Stage.WITHDRAWN]:
        ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=stage)
    response = client.get(reverse("courses:programme_detail", args=[cohort.programme.slug]))
    assert '<td data-testid="places-left">10</td>' in response.content.decode()


def test_past_and_closed_cohorts_are_not_offered(client, locality):
    programme = ProgrammeFactory()
    CohortFactory(programme=programme, locality=locality, venue="Past venue",
                  start_date=timezone.localdate() - datetime.timedelta(days=30))
    CohortFactory(programme=programme, locality=locality, venue="Closed venue", is_open_for_applications=False)
    body = client.get(reverse("courses:programme_detail", args=[programme.slug])).content.decode()
    assert "Past venue" not in body and "Closed venue" not in body
    assert "No dates yet" in body


def test_a_full_cohort_says_so(client, locality):
    full = CohortFactory(locality=locality, capacity=1)
    ApplicationFactory(cohort=full, learner__locality=locality, stage=Stage.ACCEPTED)
    body = client.get(reverse("courses:programme_detail", args=[full.programme.slug])).content.decode()
    assert "Full:" in body


def test_an_inactive_programme_is_404(client):
    programme = ProgrammeFactory(is_active=False)
    assert client.get(reverse("courses:programme_detail", args=[programme.slug])).status_code == 404


def test_the_course_list_query_count_is_constant(client, locality, django_assert_max_num_queries):
    for _ in range(3):
        CohortFactory(locality=locality)
    with django_assert_max_num_queries(4) as few:
        client.get(reverse("courses:programme_list"))
    for _ in range(10):
        CohortFactory(locality=locality)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("courses:programme_list"))


def test_the_programme_detail_links_to_the_application_form(client, cohort):
    body = client.get(reverse("courses:programme_detail", args=[cohort.programme.slug])).content.decode()
    assert reverse("learners:apply", args=[cohort.pk]) in body

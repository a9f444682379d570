"""Staff create and edit cohorts in their own localities."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Cohort
from learners.models import Stage
from tests.factories import ApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _post(programme, locality, **extra):
    start = timezone.localdate() + datetime.timedelta(days=21)
    data = {"programme": programme.pk, "name": "Talent for Care – Blackpool spring", "locality": locality.pk,
            "venue": "Blackpool Central Library", "start_date": start.isoformat(),
            "end_date": (start + datetime.timedelta(weeks=6)).isoformat(), "capacity": 12,
            "guaranteed_interview": "on", "minimum_skill_level": "entry_3", "is_open_for_applications": "on"}
    data.update(extra)
    return data


def test_staff_create_a_cohort(client_for, staff, locality):
    programme = ProgrammeFactory()
    response = client_for(staff).post(reverse("courses:cohort_create"), _post(programme, locality))
    cohort = Cohort.objects.get()
    assert response["Location"] == reverse("courses:cohort_detail", args=[cohort.pk])
    assert cohort.venue == "Blackpool Central Library"


def test_a_cohort_that_ends_before_it_starts_is_refused_and_typed_data_kept(client_for, staff, locality):
    programme = ProgrammeFactory()
    response = client_for(staff).post(reverse("courses:cohort_create"),
                                      _post(programme, locality, end_date="2020-01-01"))
    assert response.status_code == 400
    assert "end date must be on or after" in response.content.decode()
    assert "Blackpool Central Library" in response.content.decode()
    assert not Cohort.objects.exists()


def test_staff_cannot_create_a_cohort_outside_their_localities(client_for, staff, other_locality):
    response = client_for(staff).post(reverse("courses:cohort_create"), _post(ProgrammeFactory(), other_locality))
    assert response.status_code == 400
    assert not Cohort.objects.exists()


def test_staff_edit_a_cohort(client_for, staff, cohort):
    client_for(staff).post(reverse("courses:cohort_edit", args=[cohort.pk]),
                           _post(cohort.programme, cohort.locality, venue="St Annes Church Hall", capacity=10))
    cohort.refresh_from_db()
    assert cohort.venue == "St Annes Church Hall" and cohort.capacity == 10


def test_capacity_cannot_drop_below_places_taken(cohort):
    for _ in range(3):
        ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.ENROLLED)
    with pytest.raises(ValidationError, match="3 places are already taken"):
        services.cohort_save(cohort=cohort, capacity=2)


def test_other_locality_staff_cannot_open_or_edit_the_cohort(client_for, other_locality_staff, cohort):
    client = client_for(other_locality_staff)
    assert client.get(reverse("courses:cohort_detail", args=[cohort.pk])).status_code == 404
    assert client.post(reverse("courses:cohort_edit", args=[cohort.pk]),
                       _post(cohort.programme, cohort.locality, venue="Hijacked")).status_code == 404
    cohort.refresh_from_db()
    assert cohort.venue != "Hijacked"


def test_the_cohort_list_shows_only_my_localities(client_for, staff, cohort, other_locality):
    from tests.factories import CohortFactory

    CohortFactory(locality=other_locality, name="Wigan cohort")
    body = client_for(staff).get(reverse("courses:cohort_list")).content.decode()
    assert cohort.name in body and "Wigan cohort" not in body


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_providers_and_partners_cannot_manage_cohorts(client_for, request, persona, cohort):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("courses:cohort_list")).status_code == 403
    assert client.get(reverse("courses:cohort_edit", args=[cohort.pk])).status_code == 403


def test_learners_cannot_manage_cohorts(client_for, learner):
    assert client_for(learner.user).get(reverse("courses:cohort_create")).status_code == 403

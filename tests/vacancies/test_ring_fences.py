"""Ring-fenced interviews and the per-cohort guaranteed-interview view."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from learners.models import Stage
from placements.models import Interview
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    ProgrammeFactory,
    RingFenceFactory,
    SiteFactory,
    VacancyFactory,
)
from tests.factories.placements import booked_interview
from vacancies import services
from vacancies.models import RingFence, Vacancy
from vacancies.selectors import cohort_interview_guarantee

pytestmark = pytest.mark.django_db


def test_a_provider_ring_fences_interview_places_for_a_cohort(client_for, provider_user, locality):
    vacancy = VacancyFactory(site=SiteFactory(provider=provider_user.provider))
    cohort = CohortFactory(locality=locality)
    response = client_for(provider_user).post(reverse("vacancies:ring_fence_create", args=[vacancy.pk]),
                                              {"cohort": cohort.pk, "places": 4})
    assert response.status_code == 302
    assert RingFence.objects.get().places == 4


def test_zero_places_are_refused_with_a_message(client_for, provider_user):
    vacancy = VacancyFactory(site=SiteFactory(provider=provider_user.provider))
    cohort = CohortFactory()
    response = client_for(provider_user).post(reverse("vacancies:ring_fence_create", args=[vacancy.pk]),
                                              {"cohort": cohort.pk, "places": 0})
    assert "Ring-fence at least one interview place." in response.content.decode()
    assert not RingFence.objects.exists()


def test_the_same_cohort_cannot_be_ring_fenced_twice_on_a_vacancy():
    ring_fence = RingFenceFactory()
    with pytest.raises(ValidationError, match="already has interview places ring-fenced") as exc:
        services.ring_fence_create(vacancy=ring_fence.vacancy, cohort=ring_fence.cohort, places=2)
    assert "already has interview places" in str(exc.value)


def test_a_filled_vacancy_cannot_be_ring_fenced():
    vacancy = VacancyFactory(status=Vacancy.Status.FILLED)
    with pytest.raises(ValidationError, match="Only a draft or open vacancy can have interview places ring-fenced"):
        services.ring_fence_create(vacancy=vacancy, cohort=CohortFactory(), places=1)


def test_a_provider_cannot_remove_another_providers_ring_fence(client_for, provider_user):
    ring_fence = RingFenceFactory()
    response = client_for(provider_user).post(reverse("vacancies:ring_fence_delete", args=[ring_fence.pk]))
    assert response.status_code == 404 and RingFence.objects.filter(pk=ring_fence.pk).exists()


def test_every_learner_is_covered_while_free_ring_fenced_places_remain(locality):
    cohort = CohortFactory(locality=locality)
    for _ in range(3):
        ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.ENROLLED)
    ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.APPLIED)  # not owed yet
    RingFenceFactory(cohort=cohort, places=3)
    guarantee = cohort_interview_guarantee(cohort=cohort)
    assert len(guarantee.learners) == 3
    assert guarantee.every_learner_covered and guarantee.shortfall == 0


def test_learners_beyond_the_ring_fenced_places_are_counted_and_listed_without_an_interview(locality):
    cohort = CohortFactory(locality=locality)
    applications = [ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.COMPLETED)
                    for _ in range(3)]
    ring_fence = RingFenceFactory(cohort=cohort, places=1)
    booked_interview(application=applications[0], vacancy=ring_fence.vacancy)
    guarantee = cohort_interview_guarantee(cohort=cohort)
    assert [lg.application for lg in guarantee.with_interview] == [applications[0]]
    assert {lg.application for lg in guarantee.without_interview} == set(applications[1:])
    assert guarantee.places_free == 0 and guarantee.shortfall == 2
    assert not guarantee.every_learner_covered


def test_a_withdrawn_interview_does_not_count_as_the_guaranteed_interview(locality):
    from placements import services as placement_services

    cohort = CohortFactory(locality=locality)
    application = ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.ENROLLED)
    interview = booked_interview(application=application)
    placement_services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.WITHDRAWN, by=None)
    guarantee = cohort_interview_guarantee(cohort=cohort)
    assert guarantee.without_interview[0].application == application
    assert guarantee.shortfall == 1


def test_staff_see_which_learners_have_no_guaranteed_interview(client_for, staff, locality,
                                                               django_assert_max_num_queries):
    cohort = CohortFactory(locality=locality)
    waiting = ApplicationFactory(cohort=cohort, learner__locality=locality, learner__last_name="Waiting",
                                 stage=Stage.ENROLLED)
    for _ in range(4):
        booked_interview(application=ApplicationFactory(cohort=cohort, learner__locality=locality,
                                                        stage=Stage.ENROLLED))
    client = client_for(staff)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("vacancies:cohort_guarantee", args=[cohort.pk]))
    body = response.content.decode()
    assert 'data-testid="guarantee-short"' in body
    assert waiting.learner.full_name in body and "No interview yet" in body


def test_a_programme_without_a_guaranteed_interview_says_so(client_for, staff, locality):
    cohort = CohortFactory(locality=locality, programme=ProgrammeFactory(guaranteed_interview=False))
    ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.ENROLLED)
    body = client_for(staff).get(reverse("vacancies:cohort_guarantee", args=[cohort.pk])).content.decode()
    assert 'data-testid="no-guarantee"' in body and "personal assistant" in body


def test_staff_from_another_locality_cannot_open_the_cohort(client_for, other_locality_staff, locality):
    cohort = CohortFactory(locality=locality)
    assert client_for(other_locality_staff).get(
        reverse("vacancies:cohort_guarantee", args=[cohort.pk])).status_code == 404


def test_the_cohort_summary_counts_places_without_multiplying_by_learners(client_for, staff, locality):
    cohort = CohortFactory(locality=locality)
    for _ in range(3):
        ApplicationFactory(cohort=cohort, learner__locality=locality, stage=Stage.ENROLLED)
    RingFenceFactory(cohort=cohort, places=2)
    RingFenceFactory(cohort=cohort, places=5)
    response = client_for(staff).get(reverse("vacancies:cohort_guarantees"))
    row = next(c for c in response.context["cohorts"] if c.pk == cohort.pk)
    assert row.owed == 3 and row.places == 7


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_only_staff_open_the_guarantee_pages(client_for, request, persona):
    cohort = CohortFactory()
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("vacancies:cohort_guarantee", args=[cohort.pk])).status_code == 403


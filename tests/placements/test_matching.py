"""Matching scores: pure functions first, then the one selector against the database."""

import pytest

from placements.matching import (
    FAR_KM,
    NEAR_KM,
    LearnerProfile,
    Opportunity,
    area_centroids,
    haversine_km,
    locate,
    matches_for_learner,
    rank,
    travel_points,
)
from placements.postcodes import outward_code, postcode_area
from providers.models import ClientGroup
from tests.factories import (
    LearnerFactory,
    PlacementOpportunityFactory,
    RingFenceFactory,
    SiteFactory,
    VacancyFactory,
)
from tests.factories.placements import enrolled_application
from tests.factories.vacancies import care_setting

# Small, made-up centroid table so the pure tests do not depend on the shipped data.
DISTRICTS = {
    "FY1": (53.8157, -3.0432),
    "FY3": (53.8210, -3.0210),
    "FY8": (53.7558, -2.9898),
    "LA1": (54.0391, -2.7931),
    "M30": (53.4830, -2.3360),
}


def profile(**overrides):
    values = dict(setting_ids=frozenset({1}), client_group_ids=frozenset({10}), cannot_work_nights=False,
                  cannot_work_sleep_ins=False, cannot_work_weekends=False, drives=False, postcode="FY1 4AB")
    values.update(overrides)
    return LearnerProfile(**values)


def opportunity(pk=1, **overrides):
    values = dict(kind="vacancy", pk=pk, title=f"Job {pk}", provider_name="Provider", site_postcode="FY1 2QP",
                  setting_id=1, setting_name="Residential", client_group_ids=frozenset({10}),
                  client_group_names=("Older people",))
    values.update(overrides)
    return Opportunity(**values)


def test_outward_code_and_area_are_read_from_any_spacing_and_case():
    assert outward_code("fy8 4ab") == "FY8"
    assert outward_code("M305AB") == "M30"
    assert outward_code("EC1A 1BB") == "EC1A"
    assert outward_code("FY8") == "FY8"
    assert outward_code("not a postcode") == ""
    assert postcode_area("M30 0AA") == "M"
    assert postcode_area("LA1 3PE") == "LA"


def test_haversine_gives_the_known_distance_between_two_points():
    # Blackpool Tower to Lancaster Castle is about 29 km in a straight line.
    distance = haversine_km((53.8159, -3.0553), (54.0500, -2.8050))
    assert 28 < distance < 31
    assert haversine_km((53.8, -3.0), (53.8, -3.0)) == 0


def test_travel_points_fall_with_distance_and_unknown_scores_half():
    assert travel_points(NEAR_KM) == travel_points(0) == 20
    assert travel_points(FAR_KM) == 0
    assert travel_points(10) > travel_points(25) > travel_points(39)
    assert travel_points(None) == 10


def test_a_learner_who_cannot_do_nights_is_never_matched_to_a_night_shift_job():
    suitable, excluded = rank(profile(cannot_work_nights=True),
                              [opportunity(1, works_nights=True), opportunity(2)], DISTRICTS)
    assert [m.opportunity.pk for m in suitable] == [2]
    assert [m.opportunity.pk for m in excluded] == [1]
    assert "night shifts" in excluded[0].exclusions[0]


def test_a_learner_who_cannot_do_sleep_ins_is_never_matched_to_a_job_with_sleep_ins():
    suitable, excluded = rank(profile(cannot_work_sleep_ins=True), [opportunity(1, sleep_ins=True)], DISTRICTS)
    assert suitable == []
    assert "sleep-ins" in excluded[0].exclusions[0]


def test_a_driving_job_is_excluded_for_a_learner_who_does_not_drive_but_kept_for_one_who_does():
    job = opportunity(1, driving_required=True)
    assert rank(profile(drives=False), [job], DISTRICTS)[0] == []
    suitable, _ = rank(profile(drives=True), [job], DISTRICTS)
    assert suitable[0].opportunity.pk == 1


def test_nearer_ranks_higher_when_all_else_is_equal():
    near, far = opportunity(1, site_postcode="FY3 1AA"), opportunity(2, site_postcode="LA1 1AA")
    suitable, _ = rank(profile(), [far, near], DISTRICTS)
    assert [m.opportunity.pk for m in suitable] == [1, 2]
    assert suitable[0].distance_km < suitable[1].distance_km


def test_nearer_still_ranks_higher_when_both_get_the_same_travel_points():
    # FY1 to FY1 (0 km) and FY1 to FY3 (about 1.6 km) both earn full travel points.
    same, next_door = opportunity(1, site_postcode="FY3 9ZZ"), opportunity(2, site_postcode="FY1 9ZZ")
    suitable, _ = rank(profile(), [same, next_door], DISTRICTS)
    assert suitable[0].score == suitable[1].score
    assert [m.opportunity.pk for m in suitable] == [2, 1]


def test_preferred_setting_and_client_group_outscore_others():
    match, other = opportunity(1), opportunity(2, setting_id=2, setting_name="Nursing",
                                               client_group_ids=frozenset({11}))
    suitable, _ = rank(profile(), [other, match], DISTRICTS)
    assert [m.opportunity.pk for m in suitable] == [1, 2]
    names = {c.name: c.points for c in suitable[1].components}
    assert names["Setting"] == 0 and names["Client group"] == 0


def test_weekend_shifts_score_no_hours_points_for_a_learner_who_cannot_do_weekends_but_stay_listed():
    suitable, excluded = rank(profile(cannot_work_weekends=True), [opportunity(1, works_weekends=True)], DISTRICTS)
    assert excluded == []
    hours = next(c for c in suitable[0].components if c.name == "Hours")
    assert hours.points == 0 and "weekend" in hours.reason


def test_every_component_is_explained_and_the_score_is_the_share_of_points():
    match = rank(profile(), [opportunity(1, ring_fenced=True)], DISTRICTS)[0][0]
    assert [c.name for c in match.components] == ["Setting", "Client group", "Hours", "Driving", "Travel",
                                                  "Guaranteed interview"]
    assert all(c.reason for c in match.components)
    assert match.score == round(100 * match.points / match.max_points)
    assert match.score == 100


def test_a_ring_fenced_vacancy_outranks_an_equal_one_that_is_not():
    suitable, _ = rank(profile(), [opportunity(1, ring_fenced=False), opportunity(2, ring_fenced=True)], DISTRICTS)
    assert [m.opportunity.pk for m in suitable] == [2, 1]


def test_a_missing_district_falls_back_to_the_average_of_its_postcode_area():
    areas = area_centroids(DISTRICTS)
    where = locate("FY9 1AA", DISTRICTS, areas)  # FY9 is not in the table, FY1/FY3/FY8 are
    assert where.method == "area" and where.code == "FY"
    expected_lat = (DISTRICTS["FY1"][0] + DISTRICTS["FY3"][0] + DISTRICTS["FY8"][0]) / 3
    assert where.point[0] == pytest.approx(expected_lat)
    match = rank(profile(postcode="FY9 1AA"), [opportunity(1)], DISTRICTS)[0][0]
    travel = next(c for c in match.components if c.name == "Travel")
    assert match.distance_km is not None and "postcode area" in travel.reason


def test_an_unknown_area_gives_an_unknown_distance_that_is_explained_and_scores_half():
    match = rank(profile(postcode="ZZ9 9ZZ"), [opportunity(1)], DISTRICTS)[0][0]
    travel = next(c for c in match.components if c.name == "Travel")
    assert match.distance_km is None
    assert travel.points == 10 and "unknown" in travel.reason.lower()


def test_a_nearby_site_ranks_above_one_whose_distance_is_unknown():
    known, unknown = opportunity(1, site_postcode="FY1 1AA"), opportunity(2, site_postcode="ZZ1 1AA")
    suitable, _ = rank(profile(), [unknown, known], DISTRICTS)
    assert suitable[0].opportunity.pk == 1


# --- the selector, against the database and the shipped centroid data -----------------------


@pytest.mark.django_db
def test_shipped_centroids_are_loaded_by_the_migration():
    from placements.models import PostcodeDistrict

    assert PostcodeDistrict.objects.count() > 2900
    assert PostcodeDistrict.objects.filter(code="FY8", area="FY").exists()


@pytest.mark.django_db
def test_matches_for_learner_excludes_night_jobs_and_ranks_the_nearer_of_two_equal_jobs_first(locality):
    residential = care_setting("residential")
    older = ClientGroup.objects.get_or_create(code="older-people", defaults={"name": "Older people"})[0]
    learner = LearnerFactory(locality=locality, postcode="FY1 4AB", cannot_work_nights=True)
    learner.preferred_settings.set([residential])
    learner.preferred_client_groups.set([older])
    application = enrolled_application(learner=learner)
    near = VacancyFactory(site=SiteFactory(postcode="FY1 2QP"), setting=residential, client_groups=[older])
    far = VacancyFactory(site=SiteFactory(postcode="LA1 3PE"), setting=residential, client_groups=[older])
    nights = VacancyFactory(site=SiteFactory(postcode="FY1 2QP"), setting=residential, works_nights=True)
    RingFenceFactory(vacancy=far, cohort=application.cohort)
    placement = PlacementOpportunityFactory(site=SiteFactory(postcode="FY8 1AA"), setting=residential)

    result = matches_for_learner(learner=learner, application=application)

    vacancy_pks = [m.opportunity.pk for m in result.vacancies]
    assert nights.pk not in vacancy_pks
    assert [m.opportunity.pk for m in result.excluded] == [nights.pk]
    assert set(vacancy_pks) == {near.pk, far.pk}
    ring_fenced = next(m for m in result.vacancies if m.opportunity.pk == far.pk)
    assert ring_fenced.opportunity.ring_fenced is True
    assert [m.opportunity.pk for m in result.placements] == [placement.pk]


@pytest.mark.django_db
def test_nearer_vacancy_ranks_first_in_the_selector_when_all_else_is_equal(locality):
    learner = LearnerFactory(locality=locality, postcode="FY8 4AB")
    application = enrolled_application(learner=learner)
    far = VacancyFactory(site=SiteFactory(postcode="M30 0AA"))
    near = VacancyFactory(site=SiteFactory(postcode="FY8 1AA"))
    result = matches_for_learner(learner=learner, application=application)
    assert [m.opportunity.pk for m in result.vacancies] == [near.pk, far.pk]


@pytest.mark.django_db
def test_full_and_closed_placements_are_not_offered(locality):
    from placements import services

    learner = LearnerFactory(locality=locality)
    full = PlacementOpportunityFactory(places=1)
    PlacementOpportunityFactory(is_open=False)
    services.placement_confirm(application=enrolled_application(), opportunity=full, by=None,
                               start_date=full.available_from, end_date=full.available_from)
    assert matches_for_learner(learner=learner, application=None).placements == []


@pytest.mark.django_db
def test_matching_runs_a_fixed_number_of_queries(locality, django_assert_max_num_queries):
    learner = LearnerFactory(locality=locality)
    application = enrolled_application(learner=learner)
    matches_for_learner(learner=learner, application=application)  # warms the centroid cache
    for _ in range(8):
        VacancyFactory()
        PlacementOpportunityFactory()
    with django_assert_max_num_queries(8):
        result = matches_for_learner(learner=learner, application=application)
    assert len(result.vacancies) == 8 and len(result.placements) == 8

"""Placement and job matching: which placements and vacancies suit a learner, and why.

Pure functions do the scoring (easy to test, no database); `matches_for_learner` is the one
selector that gathers what they need. A vacancy or placement the learner cannot do at all
(night shifts when they cannot work nights, sleep-ins when they cannot do sleep-ins, a driving
job when they do not drive) is excluded, not just scored low: the academy should never put it
in front of them. Everything else is scored out of the points that apply to it and explained
component by component.

Travel is the straight-line (haversine) distance between postcode district centroids
(data/uk-postcode-districts.csv). When a district is missing the average of its postcode area
is used instead; when that is missing too, the distance is unknown and gets a neutral score.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .postcodes import outward_code, postcode_area

EARTH_RADIUS_KM = 6371.0088

# Points available for each part of the score.
SETTING_POINTS = 25
CLIENT_GROUP_POINTS = 20
HOURS_POINTS = 15
DRIVING_POINTS = 10
TRAVEL_POINTS = 20
RING_FENCE_POINTS = 10
# Full travel points up to NEAR_KM, none from FAR_KM (about the limit of a reasonable bus journey).
NEAR_KM = 5.0
FAR_KM = 40.0

Point = tuple[float, float]


@dataclass(frozen=True)
class LearnerProfile:
    """The learner's preferences, as plain values."""

    setting_ids: frozenset[int]
    client_group_ids: frozenset[int]
    cannot_work_nights: bool
    cannot_work_sleep_ins: bool
    cannot_work_weekends: bool
    drives: bool
    postcode: str

    @classmethod
    def from_learner(cls, learner) -> LearnerProfile:
        return cls(
            setting_ids=frozenset(s.pk for s in learner.preferred_settings.all()),
            client_group_ids=frozenset(g.pk for g in learner.preferred_client_groups.all()),
            cannot_work_nights=learner.cannot_work_nights,
            cannot_work_sleep_ins=learner.cannot_work_sleep_ins,
            cannot_work_weekends=learner.cannot_work_weekends,
            drives=learner.drives,
            postcode=learner.postcode,
        )


@dataclass(frozen=True)
class Opportunity:
    """A placement opportunity or a vacancy, reduced to what matching needs."""

    kind: str  # "placement" or "vacancy"
    pk: int
    title: str
    provider_name: str
    site_postcode: str
    setting_id: int
    setting_name: str
    client_group_ids: frozenset[int] = frozenset()
    client_group_names: tuple[str, ...] = ()
    works_nights: bool = False
    sleep_ins: bool = False
    works_weekends: bool = False
    driving_required: bool = False
    ring_fenced: bool | None = None  # None: ring-fencing does not apply (placements)
    obj: object = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class Location:
    point: Point | None
    method: str  # "district", "area" or "unknown"
    code: str

    def describe(self) -> str:
        if self.method == "district":
            return f"district {self.code}"
        if self.method == "area":
            return f"the middle of the {self.code} postcode area (district not in our list)"
        return "an unknown place (postcode not recognised)"


@dataclass(frozen=True)
class ScoreComponent:
    name: str
    points: int
    max_points: int
    reason: str


@dataclass(frozen=True)
class Match:
    opportunity: Opportunity
    components: tuple[ScoreComponent, ...]
    distance_km: float | None
    exclusions: tuple[str, ...] = ()

    @property
    def excluded(self) -> bool:
        return bool(self.exclusions)

    @property
    def points(self) -> int:
        return sum(c.points for c in self.components)

    @property
    def max_points(self) -> int:
        return sum(c.max_points for c in self.components)

    @property
    def score(self) -> int:
        """Percentage of the points that apply to this opportunity."""
        return round(100 * self.points / self.max_points) if self.max_points else 0


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def area_centroids(districts: Mapping[str, Point]) -> dict[str, Point]:
    """Average centroid of the districts in each postcode area ('FY' from FY1..FY8)."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for code, (lat, lon) in districts.items():
        area = postcode_area(code)
        if area:
            sums[area][0] += lat
            sums[area][1] += lon
            sums[area][2] += 1
    return {area: (s[0] / s[2], s[1] / s[2]) for area, s in sums.items()}


def locate(postcode: str, districts: Mapping[str, Point], areas: Mapping[str, Point]) -> Location:
    district = outward_code(postcode)
    if district and district in districts:
        return Location(districts[district], "district", district)
    area = postcode_area(postcode)
    if area and area in areas:
        return Location(areas[area], "area", area)
    return Location(None, "unknown", district or (postcode or "").strip().upper())


def travel_points(distance_km: float | None) -> int:
    if distance_km is None:
        return TRAVEL_POINTS // 2
    if distance_km <= NEAR_KM:
        return TRAVEL_POINTS
    if distance_km >= FAR_KM:
        return 0
    return round(TRAVEL_POINTS * (FAR_KM - distance_km) / (FAR_KM - NEAR_KM))


# What makes an opportunity impossible for a learner: (the learner's field, whether it must be true to
# exclude, the opportunity's field, the reason). The one rule, read by exclusions_for (for one opportunity
# in hand) and unsuitable_q (for a queryset of vacancies or slots), so the matching page, the booking
# forms and the services never disagree.
EXCLUSION_RULES: tuple[tuple[str, bool, str, str], ...] = (
    ("cannot_work_nights", True, "works_nights", "It has night shifts and the learner cannot work nights."),
    ("cannot_work_sleep_ins", True, "sleep_ins", "It has sleep-ins and the learner cannot do sleep-ins."),
    ("drives", False, "driving_required", "It needs a driver and the learner does not drive."),
)


def exclusions_for(profile, opp) -> tuple[str, ...]:
    """Reasons the learner cannot do this at all; any one keeps it off their list.

    `profile` is a LearnerProfile or a Learner, `opp` an Opportunity, a Vacancy or a PlacementOpportunity:
    each has the fields EXCLUSION_RULES names."""
    return tuple(reason for learner_field, excludes_when, opp_field, reason in EXCLUSION_RULES
                 if getattr(profile, learner_field) == excludes_when and getattr(opp, opp_field))


def unsuitable_q(learner, prefix: str = ""):
    """A Q matching the vacancies (or, with prefix "vacancy__", the slots) the learner cannot do at all."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for learner_field, excludes_when, opp_field, _reason in EXCLUSION_RULES:
        if getattr(learner, learner_field) == excludes_when:
            q |= Q(**{f"{prefix}{opp_field}": True})
    return q


def score_opportunity(profile: LearnerProfile, opp: Opportunity, learner_location: Location,
                      site_location: Location) -> Match:
    components = []

    if not profile.setting_ids:
        components.append(ScoreComponent("Setting", SETTING_POINTS // 2, SETTING_POINTS,
                                         "No preferred setting given, so any setting scores half."))
    elif opp.setting_id in profile.setting_ids:
        components.append(ScoreComponent("Setting", SETTING_POINTS, SETTING_POINTS,
                                         f"{opp.setting_name} is one of the learner's preferred settings."))
    else:
        components.append(ScoreComponent("Setting", 0, SETTING_POINTS,
                                         f"{opp.setting_name} is not a preferred setting."))

    shared = profile.client_group_ids & opp.client_group_ids
    if not profile.client_group_ids:
        components.append(ScoreComponent("Client group", CLIENT_GROUP_POINTS // 2, CLIENT_GROUP_POINTS,
                                         "No preferred client group given, so this scores half."))
    elif shared:
        components.append(ScoreComponent("Client group", CLIENT_GROUP_POINTS, CLIENT_GROUP_POINTS,
                                         "Supports people the learner wants to work with."))
    else:
        names = ", ".join(opp.client_group_names) or "no client group recorded"
        components.append(ScoreComponent("Client group", 0, CLIENT_GROUP_POINTS,
                                         f"Supports {names}, not a preferred client group."))

    if profile.cannot_work_weekends and opp.works_weekends:
        components.append(ScoreComponent("Hours", 0, HOURS_POINTS,
                                         "Includes weekend shifts, which the learner said they cannot work."))
    else:
        components.append(ScoreComponent("Hours", HOURS_POINTS, HOURS_POINTS,
                                         "The shift pattern fits the hours the learner can work."))

    if opp.driving_required:
        components.append(ScoreComponent("Driving", DRIVING_POINTS, DRIVING_POINTS,
                                         "Needs a driver; the learner drives."))
    else:
        components.append(ScoreComponent("Driving", DRIVING_POINTS, DRIVING_POINTS, "No driving needed."))

    distance = None
    if learner_location.point and site_location.point:
        distance = round(haversine_km(learner_location.point, site_location.point), 1)
        reason = (f"About {distance:g} km from {learner_location.describe()} "
                  f"to {site_location.describe()}.")
    else:
        unknown = learner_location if not learner_location.point else site_location
        who = "learner's" if unknown is learner_location else "site's"
        reason = f"Distance unknown: the {who} postcode “{unknown.code}” is not in our list; scored half."
    components.append(ScoreComponent("Travel", travel_points(distance), TRAVEL_POINTS, reason))

    if opp.ring_fenced is not None:
        if opp.ring_fenced:
            components.append(ScoreComponent("Guaranteed interview", RING_FENCE_POINTS, RING_FENCE_POINTS,
                                             "Interview places are ring-fenced for the learner's cohort."))
        else:
            components.append(ScoreComponent("Guaranteed interview", 0, RING_FENCE_POINTS,
                                             "Not ring-fenced for the learner's cohort."))

    return Match(opp, tuple(components), distance, exclusions_for(profile, opp))


def rank(profile: LearnerProfile, opportunities: Iterable[Opportunity], districts: Mapping[str, Point],
         areas: Mapping[str, Point] | None = None) -> tuple[list[Match], list[Match]]:
    """Scores every opportunity; returns (suitable matches best first, excluded ones with reasons)."""
    areas = area_centroids(districts) if areas is None else areas
    here = locate(profile.postcode, districts, areas)
    suitable, excluded = [], []
    for opp in opportunities:
        match = score_opportunity(profile, opp, here, locate(opp.site_postcode, districts, areas))
        (excluded if match.excluded else suitable).append(match)
    # Best score first; when scores tie, nearer first (unknown distances last), then by title.
    suitable.sort(key=lambda m: (-m.score, m.distance_km is None, m.distance_km or 0.0, m.opportunity.title))
    return suitable, excluded


# --- the one selector -------------------------------------------------------------------------

_CENTROIDS: dict[str, dict[str, Point]] = {}


def centroids() -> tuple[dict[str, Point], dict[str, Point]]:
    """District and area centroids, read from the database once per process (the data rarely changes)."""
    if not _CENTROIDS:
        from .models import PostcodeDistrict

        districts = {code: (lat, lon) for code, lat, lon in
                     PostcodeDistrict.objects.values_list("code", "latitude", "longitude")}
        _CENTROIDS["districts"] = districts
        _CENTROIDS["areas"] = area_centroids(districts)
    return _CENTROIDS["districts"], _CENTROIDS["areas"]


def forget_centroids() -> None:
    _CENTROIDS.clear()


@dataclass
class LearnerMatches:
    placements: list[Match]
    vacancies: list[Match]
    excluded: list[Match]


def matches_for_learner(*, learner, application=None) -> LearnerMatches:
    """Open placement opportunities with free places and open vacancies, ranked for one learner.

    Vacancies ring-fenced for the application's cohort earn the guaranteed-interview points.
    A fixed number of queries, however many opportunities there are.
    """
    from django.db.models import Count, Prefetch, Q
    from django.utils import timezone

    from vacancies.models import RingFence, Vacancy

    from .models import Placement, PlacementOpportunity

    today = timezone.localdate()
    profile = LearnerProfile.from_learner(learner)
    taken = Q(placements__status__in=[Placement.Status.CONFIRMED, Placement.Status.ACCEPTED])
    opportunities = (
        PlacementOpportunity.objects.filter(is_open=True, available_until__gte=today)
        .annotate(taken=Count("placements", filter=taken))
        .select_related("provider", "site", "setting")
        .prefetch_related("client_groups")
    )
    options = [
        Opportunity(
            kind="placement", pk=o.pk, title=o.title, provider_name=o.provider.name,
            site_postcode=o.site.postcode, setting_id=o.setting_id, setting_name=o.setting.name,
            client_group_ids=frozenset(g.pk for g in o.client_groups.all()),
            client_group_names=tuple(g.name for g in o.client_groups.all()),
            works_nights=o.works_nights, sleep_ins=o.sleep_ins, works_weekends=o.works_weekends,
            driving_required=o.driving_required, obj=o,
        )
        for o in opportunities
        if o.taken < o.places
    ]
    cohort_id = application.cohort_id if application is not None else None
    vacancies = (
        Vacancy.objects.filter(status=Vacancy.Status.OPEN, closing_date__gte=today)
        .select_related("provider", "site", "setting")
        .prefetch_related("client_groups",
                          Prefetch("ring_fences", queryset=RingFence.objects.filter(cohort_id=cohort_id),
                                   to_attr="cohort_ring_fences"))
    )
    options += [
        Opportunity(
            kind="vacancy", pk=v.pk, title=v.role_title, provider_name=v.provider.name,
            site_postcode=v.site.postcode, setting_id=v.setting_id, setting_name=v.setting.name,
            client_group_ids=frozenset(g.pk for g in v.client_groups.all()),
            client_group_names=tuple(g.name for g in v.client_groups.all()),
            works_nights=v.works_nights, sleep_ins=v.sleep_ins, works_weekends=v.works_weekends,
            driving_required=v.driving_required, ring_fenced=bool(v.cohort_ring_fences), obj=v,
        )
        for v in vacancies
    ]
    districts, areas = centroids()
    suitable, excluded = rank(profile, options, districts, areas)
    return LearnerMatches(
        placements=[m for m in suitable if m.opportunity.kind == "placement"],
        vacancies=[m for m in suitable if m.opportunity.kind == "vacancy"],
        excluded=excluded,
    )

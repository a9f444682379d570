"""Reads behind the impact dashboards, the CSV downloads and the printed report.

Every figure is a database aggregate. Each function runs a fixed number of queries, whatever
the number of learners, so the dashboard can be timed at 100,000 learners (see `impact_figures`,
the one entry point a benchmark needs). Pipeline stages come from learners.StageTransition:
"reached stage X" means "has a transition to X".

Which applications a figure covers: those *submitted* in the period (a cohort view: everyone
who applied in the period is followed through to work). Trends by month count *events* in each
month instead (applications made, enrolments, completions, job starts that month).
Locality means the cohort's locality: where the course ran.
"""

import calendar
import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.apps import apps
from django.db.models import Avg, Case, Count, F, IntegerField, Max, Min, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from academy.models import Locality
from courses.models import Cohort, Programme
from impact.expressions import DaysBetween, Median
from impact.models import (
    FOLLOW_UP_MONTHS,
    RetentionFollowUp,
    SatisfactionSurvey,
    SupportSpend,
    WellbeingSurvey,
)
from learners.models import Application, Stage, StageTransition

SCREENED = [Stage.ACCEPTED, Stage.REFERRED, Stage.NOT_PROGRESSED]

# The funnel, top to bottom: (key, label). Stage keys are reached-stage counts.
FUNNEL_STEPS = [
    ("enquiries", "Enquiries"),
    ("applications", "Applications"),
    ("screened", "Screened"),
    ("accepted", "Accepted onto the course"),
    ("referred", "Referred for English and maths"),
    ("came_back", "Came back after a referral"),
    ("enrolled", "Enrolled"),
    ("completed", "Completed the course"),
    ("placed", "Went on placement"),
    ("interviewed", "Interviewed"),
    ("offered", "Offered a job"),
    ("started_work", "Started work"),
    ("in_work_3", "In work at 3 months"),
    ("in_work_6", "In work at 6 months"),
    ("in_work_12", "In work at 12 months"),
]
FUNNEL_LABELS = dict(FUNNEL_STEPS)
# The step each step's people come from (learners.models.ALLOWED_TRANSITIONS), parents first: partners
# never see a step larger than its parent (impact.suppression.funnel_consistent). Enquiries are a
# population of their own (not everyone who applies enquired first), so applications have no parent.
FUNNEL_PARENTS = {
    "screened": "applications", "accepted": "screened", "referred": "screened", "came_back": "referred",
    "enrolled": "accepted", "completed": "enrolled", "placed": "enrolled", "interviewed": "enrolled",
    "offered": "interviewed", "started_work": "offered",
    "in_work_3": "started_work", "in_work_6": "started_work", "in_work_12": "started_work",
}
# Steps staff can open to see the learners behind them: the stage each one means.
DRILLDOWN_STAGES = {
    "applications": [Stage.APPLIED], "screened": SCREENED, "accepted": [Stage.ACCEPTED],
    "referred": [Stage.REFERRED], "enrolled": [Stage.ENROLLED], "completed": [Stage.COMPLETED],
    "placed": [Stage.PLACED], "interviewed": [Stage.INTERVIEWED], "offered": [Stage.OFFERED],
    "started_work": [Stage.STARTED_WORK],
}
STEP_STAGES = {
    "applications": Stage.APPLIED, "accepted": Stage.ACCEPTED, "referred": Stage.REFERRED,
    "not_progressed": Stage.NOT_PROGRESSED, "enrolled": Stage.ENROLLED, "completed": Stage.COMPLETED,
    "placed": Stage.PLACED, "interviewed": Stage.INTERVIEWED, "offered": Stage.OFFERED,
    "started_work": Stage.STARTED_WORK,
}
# Conversion between steps: (numerator step, denominator step, how to read it).
CONVERSIONS = [
    ("applications", "enquiries", "Enquiries that became applications"),
    ("screened", "applications", "Applications screened"),
    ("accepted", "screened", "Screened and accepted"),
    ("referred", "screened", "Screened and referred for English and maths"),
    ("came_back", "referred", "Referred who came back and applied again"),
    ("enrolled", "accepted", "Accepted who enrolled"),
    ("completed", "enrolled", "Enrolled who completed"),
    ("placed", "enrolled", "Enrolled who went on placement"),
    ("interviewed", "completed", "Interviews per completer"),
    ("offered", "interviewed", "Interviewed who were offered a job"),
    ("started_work", "offered", "Offered who started work"),
    ("in_work_3", "followed_up_3", "In work at 3 months, of those followed up"),
    ("in_work_6", "followed_up_6", "In work at 6 months, of those followed up"),
    ("in_work_12", "followed_up_12", "In work at 12 months, of those followed up"),
]
# Median time between two stages: (key, label, from stage field, to stage field).
DURATIONS = [
    ("applied_to_screened", "Application to screening decision", "at_applied", "at_screened"),
    ("accepted_to_enrolled", "Acceptance to enrolment", "at_accepted", "at_enrolled"),
    ("applied_to_enrolled", "Application to enrolment", "at_applied", "at_enrolled"),
    ("enrolled_to_completed", "Enrolment to completing the course", "at_enrolled", "at_completed"),
    ("interviewed_to_offered", "Interview to job offer", "at_interviewed", "at_offered"),
    ("offered_to_started", "Job offer to starting work", "at_offered_last", "at_started_work"),
    ("applied_to_started", "Application to starting work", "at_applied", "at_started_work"),
]
BREAKDOWN_STEPS = ["applications", "screened", "accepted", "referred", "enrolled", "completed", "placed",
                   "interviewed", "offered", "started_work"]
TREND_STEPS = ["applications", "enrolled", "completed", "started_work"]


def optional_model(app_label: str, name: str):
    """A model another helper is building: None until it has landed, so figures degrade, not break."""
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


@dataclass(frozen=True)
class ImpactFilters:
    """What a dashboard is narrowed to. Months are whole: start on the 1st, end on the last day."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    locality_id: int | None = None
    programme_id: int | None = None
    cohort_id: int | None = None
    provider_id: int | None = None

    def without(self, *names) -> "ImpactFilters":
        return replace(self, **{name: None for name in names})

    @property
    def start_at(self):
        if self.start:
            return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))
        return None

    @property
    def end_before(self):
        if self.end:
            return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1),
                                                                 datetime.time.min))
        return None


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def _provider_q(provider_id, prefix: str) -> Q:
    """Applications linked to a provider through a placement, an interview or a job start."""
    field = f"{prefix}in" if prefix else "pk__in"
    q = Q(pk__in=[])
    for label, name in (("placements", "Placement"), ("placements", "Interview"), ("placements", "JobStart")):
        model = optional_model(label, name)
        if model is not None:
            q |= Q(**{field: model.objects.filter(provider_id=provider_id).values("application_id")})
    return q


def application_q(filters: ImpactFilters, prefix: str = "", *, period: bool = True) -> Q:
    """Q selecting applications in scope, seen from a model that reaches Application via `prefix`."""
    q = Q()
    if period and filters.start:
        q &= Q(**{f"{prefix}submitted_at__gte": filters.start_at})
    if period and filters.end:
        q &= Q(**{f"{prefix}submitted_at__lt": filters.end_before})
    if filters.locality_id:
        q &= Q(**{f"{prefix}cohort__locality_id": filters.locality_id})
    if filters.programme_id:
        q &= Q(**{f"{prefix}cohort__programme_id": filters.programme_id})
    if filters.cohort_id:
        q &= Q(**{f"{prefix}cohort_id": filters.cohort_id})
    if filters.provider_id:
        q &= _provider_q(filters.provider_id, prefix)
    return q


def _stage_min(stage):
    return Min("at", filter=Q(to_stage=stage))


def funnel_figures(*, filters: ImpactFilters) -> dict:
    """Reached-stage counts, combinations and median days between stages: ONE query.

    The inner query groups transitions by application (first time at each stage); the outer query
    counts and takes medians over those rows.
    """
    per_application = (
        StageTransition.objects.filter(application_q(filters, "application__"))
        .values("application")
        .annotate(
            guaranteed=Max(Case(When(application__cohort__guaranteed_interview=True, then=Value(1)),
                                default=Value(0), output_field=IntegerField())),
            reapplication=Max("application__reapplication"),
            at_applied=_stage_min(Stage.APPLIED),
            at_screened=Min("at", filter=Q(to_stage__in=SCREENED)),
            at_accepted=_stage_min(Stage.ACCEPTED),
            at_referred=_stage_min(Stage.REFERRED),
            at_enrolled=_stage_min(Stage.ENROLLED),
            at_completed=_stage_min(Stage.COMPLETED),
            at_placed=_stage_min(Stage.PLACED),
            at_interviewed=_stage_min(Stage.INTERVIEWED),
            at_offered=_stage_min(Stage.OFFERED),
            at_offered_last=Max("at", filter=Q(to_stage=Stage.OFFERED)),
            at_started_work=_stage_min(Stage.STARTED_WORK),
        )
    )
    reached = lambda name: Q(**{f"{name}__isnull": False})  # noqa: E731
    guaranteed = Q(guaranteed=1)
    aggregates = {
        "applications": Count("application", filter=reached("at_applied")),
        "screened": Count("application", filter=reached("at_screened")),
        "accepted": Count("application", filter=reached("at_accepted")),
        "referred": Count("application", filter=reached("at_referred")),
        "came_back": Count("application", filter=reached("at_referred")
                           & reached("reapplication")),
        "enrolled": Count("application", filter=reached("at_enrolled")),
        "completed": Count("application", filter=reached("at_completed")),
        "placed": Count("application", filter=reached("at_placed")),
        "interviewed": Count("application", filter=reached("at_interviewed")),
        "offered": Count("application", filter=reached("at_offered")),
        "started_work": Count("application", filter=reached("at_started_work")),
        "completed_and_started": Count("application", filter=reached("at_completed") & reached("at_started_work")),
        "guaranteed_completed": Count("application", filter=reached("at_completed") & guaranteed),
        "guaranteed_interviewed": Count("application", filter=reached("at_completed") & guaranteed
                                        & reached("at_interviewed")),
    }
    for key, _label, start, end in DURATIONS:
        aggregates[f"median_{key}"] = Median(DaysBetween(end, start))
        aggregates[f"n_{key}"] = Count("application", filter=reached(start) & reached(end))
    return per_application.aggregate(**aggregates)


def enquiry_count(*, filters: ImpactFilters) -> int | None:
    """Enquiries made in the period and locality (None until learners.Enquiry lands). One query."""
    enquiry = optional_model("learners", "Enquiry")
    if enquiry is None or filters.cohort_id or filters.provider_id:
        return None  # enquiries belong to no cohort or provider yet
    qs = enquiry.objects.all()
    if filters.start:
        qs = qs.filter(enquired_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(enquired_on__lte=filters.end)
    if filters.locality_id:
        qs = qs.filter(locality_id=filters.locality_id)
    if filters.programme_id:
        return None
    return qs.count()


def retention_figures(*, filters: ImpactFilters) -> dict:
    """Follow-ups at 3, 6 and 12 months for job starters in scope. One query."""
    aggregates = {}
    for month in FOLLOW_UP_MONTHS:
        aggregates[f"followed_up_{month}"] = Count("pk", filter=Q(month=month))
        aggregates[f"in_work_{month}"] = Count("pk", filter=Q(month=month, in_work=True))
        aggregates[f"same_employer_{month}"] = Count("pk", filter=Q(month=month, same_employer=True))
    return RetentionFollowUp.objects.filter(application_q(filters, "application__")).aggregate(**aggregates)


def support_figures(*, filters: ImpactFilters) -> dict:
    """Money spent removing barriers, by category, and how many learners it reached. One query."""
    aggregates = {
        "total": Sum("amount"),
        "learners_supported": Count("application__learner", distinct=True),
    }
    for value, _label in SupportSpend.Category.choices:
        aggregates[f"category_{value}"] = Sum("amount", filter=Q(category=value))
    figures = SupportSpend.objects.filter(application_q(filters, "application__")).aggregate(**aggregates)
    return {key: (value if value is not None else Decimal("0")) if key != "learners_supported" else value
            for key, value in figures.items()}


def wellbeing_figures(*, filters: ImpactFilters) -> dict:
    """Resilience scores at start and end for learners who did both checks. One query."""
    per_application = (
        WellbeingSurvey.objects.filter(application_q(filters, "application__"))
        .values("application")
        .annotate(
            start_score=Min("score", filter=Q(moment=WellbeingSurvey.Moment.START)),
            end_score=Min("score", filter=Q(moment=WellbeingSurvey.Moment.END)),
        )
    )
    both = Q(start_score__isnull=False, end_score__isnull=False)
    return per_application.aggregate(
        pairs=Count("application", filter=both),
        average_start=Avg("start_score", filter=both),
        average_end=Avg("end_score", filter=both),
        improved=Count("application", filter=both & Q(end_score__gt=F("start_score"))),
    )


def satisfaction_figures(*, filters: ImpactFilters) -> dict:
    """Learners' and providers' satisfaction (1–5). One query.

    Learners' answers follow their application's scope; providers' answers follow the period
    they were given in, the provider's locality and, when they named one, the cohort's programme.
    """
    learner_q = Q(respondent=SatisfactionSurvey.Respondent.LEARNER) & application_q(filters, "application__")
    provider_q = Q(respondent=SatisfactionSurvey.Respondent.PROVIDER)
    if filters.start:
        provider_q &= Q(recorded_on__gte=filters.start)
    if filters.end:
        provider_q &= Q(recorded_on__lte=filters.end)
    if filters.locality_id:
        provider_q &= Q(provider__locality_id=filters.locality_id)
    if filters.programme_id:
        provider_q &= Q(cohort__programme_id=filters.programme_id)
    if filters.cohort_id:
        provider_q &= Q(cohort_id=filters.cohort_id)
    if filters.provider_id:
        provider_q &= Q(provider_id=filters.provider_id)
    learner = Q(respondent=SatisfactionSurvey.Respondent.LEARNER)
    provider = Q(respondent=SatisfactionSurvey.Respondent.PROVIDER)
    return SatisfactionSurvey.objects.filter(learner_q | provider_q).aggregate(
        learner_responses=Count("pk", filter=learner),
        learner_average=Avg("score", filter=learner),
        provider_responses=Count("pk", filter=provider),
        provider_average=Avg("score", filter=provider),
    )


def qualification_figures(*, filters: ImpactFilters) -> dict | None:
    """Qualifications gained on the course (None until courses.QualificationAward lands). One query."""
    award = optional_model("courses", "QualificationAward")
    if award is None:
        return None
    return award.objects.filter(application_q(filters, "application__")).aggregate(
        awards=Count("pk"), learners_qualified=Count("application__learner", distinct=True),
    )


def provider_figures(*, filters: ImpactFilters) -> list[dict] | None:
    """Job starts (vacancies filled through the academy) per provider. One query; None until landed."""
    job_start = optional_model("placements", "JobStart")
    if job_start is None:
        return None
    qs = job_start.objects.filter(application_q(filters, "application__"))
    return list(
        qs.values("provider_id", "provider__name")
        .annotate(filled=Count("pk"), people=Count("learner", distinct=True))
        .order_by("-filled", "provider__name")
    )


def stage_breakdown(*, filters: ImpactFilters, by: str) -> list[dict]:
    """Reached-stage counts per locality or programme. One query.

    An application reaches at most one of accepted / referred / not progressed, so "screened" is
    their sum. `by` is "locality" or "programme"; the filter on that dimension is ignored (the
    breakdown shows every locality or programme, the filtered one among them).
    """
    field = {"locality": "application__cohort__locality", "programme": "application__cohort__programme"}[by]
    scope = filters.without(f"{by}_id")
    rows = (
        StageTransition.objects.filter(application_q(scope, "application__"))
        .values(f"{field}_id", f"{field}__name", "to_stage")
        .annotate(n=Count("application", distinct=True))
        .order_by(f"{field}__name")
    )
    groups: dict[int, dict] = {}
    for row in rows:  # bounded by groups x stages, not by the number of learners
        group = groups.setdefault(row[f"{field}_id"], {"id": row[f"{field}_id"], "name": row[f"{field}__name"],
                                                        **{step: 0 for step in BREAKDOWN_STEPS}})
        for step, stage in STEP_STAGES.items():
            if stage == row["to_stage"] and step in group:
                group[step] = row["n"]
        if row["to_stage"] in SCREENED:
            group["screened"] += row["n"]
    return sorted(groups.values(), key=lambda g: g["name"])


def monthly_trend(*, filters: ImpactFilters) -> list[dict]:
    """Events per calendar month (applications, enrolments, completions, job starts). One query."""
    stages = {STEP_STAGES[step]: step for step in TREND_STEPS}
    qs = StageTransition.objects.filter(application_q(filters, "application__", period=False),
                                        to_stage__in=list(stages))
    if filters.start:
        qs = qs.filter(at__gte=filters.start_at)
    if filters.end:
        qs = qs.filter(at__lt=filters.end_before)
    rows = (
        qs.annotate(month=TruncMonth("at"))
        .values("month", "to_stage")
        .annotate(n=Count("application", distinct=True))
        .order_by("month")
    )
    months: dict = {}
    for row in rows:  # bounded by months x 4 stages
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        entry = months.setdefault(month, {"month": month, **{step: 0 for step in TREND_STEPS}})
        entry[stages[row["to_stage"]]] = row["n"]
    return [months[m] for m in sorted(months)]


@dataclass
class RawFigures:
    """Everything a dashboard shows, unsuppressed: the output of a fixed number of queries."""

    filters: ImpactFilters
    funnel: dict
    retention: dict
    support: dict
    wellbeing: dict
    satisfaction: dict
    qualifications: dict | None
    providers: list | None
    by_locality: list
    by_programme: list
    trend: list
    extra: dict = field(default_factory=dict)

    def step(self, key):
        if key in self.funnel:
            return self.funnel[key]
        return self.retention.get(key)


def impact_figures(*, filters: ImpactFilters) -> RawFigures:
    """All raw figures for one filter set: at most 11 queries, whatever the data size."""
    funnel = funnel_figures(filters=filters)
    funnel["enquiries"] = enquiry_count(filters=filters)
    retention = retention_figures(filters=filters)
    return RawFigures(
        filters=filters,
        funnel=funnel,
        retention=retention,
        support=support_figures(filters=filters),
        wellbeing=wellbeing_figures(filters=filters),
        satisfaction=satisfaction_figures(filters=filters),
        qualifications=qualification_figures(filters=filters),
        providers=provider_figures(filters=filters),
        by_locality=stage_breakdown(filters=filters, by="locality"),
        by_programme=stage_breakdown(filters=filters, by="programme"),
        trend=monthly_trend(filters=filters),
    )


def filter_choices() -> dict:
    """Localities and programmes for the filter form. Two queries."""
    return {
        "localities": list(Locality.objects.order_by("name").values_list("pk", "name")),
        "programmes": list(Programme.objects.order_by("name").values_list("pk", "name")),
    }


def drilldown_applications(*, filters: ImpactFilters, step: str, learners):
    """The applications behind a funnel step, limited to `learners` (learners.permissions.learners_visible_to:
    the staff member's localities, erased learners left out)."""
    stages = DRILLDOWN_STAGES[step]
    qs = (
        Application.objects.filter(application_q(filters))
        .filter(pk__in=StageTransition.objects.filter(to_stage__in=stages).values("application_id"))
        .filter(learner__in=learners)
        .select_related("learner", "learner__locality", "cohort", "cohort__programme", "cohort__locality")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    return qs


def cohorts_for_filter():
    return Cohort.objects.select_related("programme").order_by("-start_date")


def _figures_cache_key(filters: ImpactFilters) -> str:
    import hashlib

    return "impact-figures:" + hashlib.sha256(repr(filters).encode()).hexdigest()[:32]


def cached_impact_figures(*, filters: ImpactFilters) -> RawFigures:
    """impact_figures, kept in the shared cache per filter set for settings.IMPACT_FIGURES_CACHE_SECONDS.

    The figures aggregate the whole history (half a million stage changes at regional size, seconds of
    work); they are for boards and funders, so minutes-old figures are fine. Staff drill-downs stay live.
    """
    from django.conf import settings
    from django.core.cache import cache

    seconds = settings.IMPACT_FIGURES_CACHE_SECONDS
    if not seconds:
        return impact_figures(filters=filters)
    return cache.get_or_set(_figures_cache_key(filters), lambda: impact_figures(filters=filters), seconds)


def impact_figures_warm(*, filters: ImpactFilters | None = None) -> RawFigures:
    """Recompute and store the figures for a filter set (the unfiltered dashboard by default), so the
    first visitor after the cached copy expires does not wait seconds for them (run by Celery beat)."""
    from django.conf import settings
    from django.core.cache import cache

    filters = filters or ImpactFilters()
    figures = impact_figures(filters=filters)
    if settings.IMPACT_FIGURES_CACHE_SECONDS:
        cache.set(_figures_cache_key(filters), figures, settings.IMPACT_FIGURES_CACHE_SECONDS)
    return figures

"""Reads behind the impact dashboards, the CSV downloads and the printed report.

Every figure is a database aggregate. Each function runs a fixed number of queries, whatever
the number of learners, so the dashboard can be timed at 100,000 learners (see `impact_figures`,
the one entry point a benchmark needs). Pipeline stages come from learners.StageTransition:
"reached stage X" means "has a transition to X".

Which applications a figure covers: those *submitted* in the period (a cohort view: everyone
who applied in the period is followed through to work). Trends by month count *events* in each
month instead (applications made, enrolments, completions, job starts that month).
Locality means the cohort's locality: where the course ran.

Completing the course is a fact apart from the job outcome (courses.CourseOutcome): an application
counts as completed when a completion is recorded for it, whatever its job stage, or when it
reached the "completed the course" stage. The outcome figures are those the academies publish:
completers, completers offered a job and completers who started work, each over completers, and
job starts over enrolments. Every rate's numerator is a subset of its denominator, so no rate can
pass 100%.
"""

import calendar
import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.apps import apps
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from academy.models import Locality
from courses.models import BursaryPayment, Cohort, Payer, Programme
from impact.expressions import DaysBetween, Median
from impact.models import (
    FOLLOW_UP_MONTHS,
    PROGRESSION,
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
    "offered": "enrolled", "started_work": "offered",  # an offer may come without an interview (outside the portal)
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
# Conversion between steps: (numerator, denominator, how to read it). Each numerator counts people
# who are all inside the denominator (an application that came with no enquiry is not a converted
# enquiry; an offer gained outside the portal's interviews is not an interviewed person's offer).
CONVERSIONS = [
    ("enquiries_converted", "enquiries", "Enquiries that became applications"),
    ("screened", "applications", "Applications screened"),
    ("accepted", "screened", "Screened and accepted"),
    ("referred", "screened", "Screened and referred for English and maths"),
    ("came_back", "referred", "Referred who came back and applied again"),
    ("enrolled", "accepted", "Accepted who enrolled"),
    ("completed", "enrolled", "Enrolled who completed"),
    ("placed", "enrolled", "Enrolled who went on placement"),
    ("completed_and_interviewed", "completed", "Completers who were interviewed"),
    ("interviewed_and_offered", "interviewed", "Interviewed who were offered a job"),
    ("offered_and_started", "offered", "Offered who started work"),
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
# What each numerator and denominator counts, named on the page and in the CSV beside every rate.
COUNT_NAMES = {
    **dict(FUNNEL_STEPS),
    "enquiries": "Enquiries made in the period",
    "enquiries_converted": "Enquiries whose person went on to apply",
    "applications": "Applications made in the period",
    "screened": "Applications screened",
    "completed": "Completers (completed the course)",
    "completed_and_interviewed": "Completers who were interviewed",
    "completed_and_offered": "Completers offered a job",
    "completed_and_started": "Completers who started work",
    "interviewed_and_offered": "Interviewed and offered a job",
    "offered_and_started": "Offered a job and started work",
    "enrolled_and_started": "Enrolled who started work",
    "guaranteed_completed": "Completers on a course with a guaranteed interview",
    "guaranteed_interviewed": "Of those, interviewed",
    **{f"followed_up_{m}": f"Followed up at {m} months" for m in (3, 6, 12)},
}
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
            # A completion recorded on the course outcome, whatever the job stage (one outcome per cohort,
            # so the join repeats rows only within the group, which Min and Max do not mind).
            course_completed=Max(Case(When(application__course_outcomes__result="completed", then=Value(1)),
                                      default=Value(0), output_field=IntegerField())),
        )
    )
    reached = lambda name: Q(**{f"{name}__isnull": False})  # noqa: E731
    completed = reached("at_completed") | Q(course_completed=1)
    guaranteed = Q(guaranteed=1)
    aggregates = {
        "applications": Count("application", filter=reached("at_applied")),
        "screened": Count("application", filter=reached("at_screened")),
        "accepted": Count("application", filter=reached("at_accepted")),
        "referred": Count("application", filter=reached("at_referred")),
        "came_back": Count("application", filter=reached("at_referred")
                           & reached("reapplication")),
        "enrolled": Count("application", filter=reached("at_enrolled")),
        "completed": Count("application", filter=completed),
        "placed": Count("application", filter=reached("at_placed")),
        "interviewed": Count("application", filter=reached("at_interviewed")),
        "offered": Count("application", filter=reached("at_offered")),
        "started_work": Count("application", filter=reached("at_started_work")),
        "completed_and_interviewed": Count("application", filter=completed & reached("at_interviewed")),
        "completed_and_offered": Count("application", filter=completed & reached("at_offered")),
        "completed_and_started": Count("application", filter=completed & reached("at_started_work")),
        "interviewed_and_offered": Count("application", filter=reached("at_interviewed") & reached("at_offered")),
        "offered_and_started": Count("application", filter=reached("at_offered") & reached("at_started_work")),
        "enrolled_and_started": Count("application", filter=reached("at_enrolled") & reached("at_started_work")),
        "guaranteed_completed": Count("application", filter=completed & guaranteed),
        "guaranteed_interviewed": Count("application", filter=completed & guaranteed & reached("at_interviewed")),
    }
    for key, _label, start, end in DURATIONS:
        aggregates[f"median_{key}"] = Median(DaysBetween(end, start))
        aggregates[f"n_{key}"] = Count("application", filter=reached(start) & reached(end))
    return per_application.aggregate(**aggregates)


def enquiry_counts(*, filters: ImpactFilters) -> dict:
    """Enquiries made in the period and locality, and how many of them went on to apply. One query.

    Both are None when the filters name a cohort, programme or provider, which enquiries belong to none of.
    """
    enquiry = optional_model("learners", "Enquiry")
    if enquiry is None or filters.cohort_id or filters.provider_id or filters.programme_id:
        return {"enquiries": None, "enquiries_converted": None}
    qs = enquiry.objects.all()
    if filters.start:
        qs = qs.filter(enquired_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(enquired_on__lte=filters.end)
    if filters.locality_id:
        qs = qs.filter(locality_id=filters.locality_id)
    # Converted: the enquiry's person applied (enquiry.learner is set when they do). An application that
    # came with no enquiry is not counted here, so the rate cannot pass 100%.
    return qs.aggregate(enquiries=Count("pk"), enquiries_converted=Count("pk", filter=Q(learner__isnull=False)))


def enquiry_count(*, filters: ImpactFilters) -> int | None:
    return enquiry_counts(filters=filters)["enquiries"]


def retention_figures(*, filters: ImpactFilters) -> dict:
    """Follow-ups at 3, 6 and 12 months for job starters in scope. One query."""
    aggregates = {}
    for month in FOLLOW_UP_MONTHS:
        aggregates[f"followed_up_{month}"] = Count("pk", filter=Q(month=month))
        aggregates[f"in_work_{month}"] = Count("pk", filter=Q(month=month, in_work=True))
        aggregates[f"same_employer_{month}"] = Count("pk", filter=Q(month=month, same_employer=True))
        aggregates[f"left_{month}"] = Count("pk", filter=Q(month=month, leaving_reason__isnull=False))
        for name, _label in PROGRESSION:
            aggregates[f"{name}_{month}"] = Count("pk", filter=Q(month=month, **{name: True}))
    return RetentionFollowUp.objects.filter(application_q(filters, "application__")).aggregate(**aggregates)


def leaving_reason_figures(*, filters: ImpactFilters) -> list[dict]:
    """Why people left the job they started, per reason and follow-up month. One query."""
    return list(
        RetentionFollowUp.objects.filter(application_q(filters, "application__"), leaving_reason__isnull=False)
        .values("leaving_reason__name", "leaving_reason__order", "month")
        .annotate(n=Count("pk")).order_by("leaving_reason__order", "leaving_reason__name", "month")
    )


def money_rows(filters: ImpactFilters):
    """Every sum of money given to a learner in scope, support and bursaries alike, as rows of
    (learner, kind, for_what: the support category, payer, money): support and bursary rows UNION ALL'd, so one query can add them
    up together and count the learners behind any part of them. Bursaries have no category."""
    def rows(model, kind, category):
        return model.objects.filter(application_q(filters, "application__")).values(
            learner=F("application__learner_id"), kind=Value(kind), for_what=category, payer=F("paid_by"),
            money=F("amount")).order_by()

    return rows(SupportSpend, "support", F("category")).union(rows(BursaryPayment, "bursary", Value("")), all=True)


def support_figures(*, filters: ImpactFilters) -> dict:
    """What the academy's learners cost: support spent removing barriers (by category) and bursaries paid,
    each by who paid (courses.Payer), and how many learners they reached. ONE query over `money_rows`.

    `total` is support alone; `cost_total` adds the bursaries, and is what cost per learner and per job
    start divide. `learners_reached` counts learners given support or paid a bursary (either or both);
    `paid_by_<payer>` adds support and bursaries paid by each, and `learners_paid_by_<payer>` counts the
    learners behind it, as `learners_category_<category>` does for each kind of support (partners see a
    part of the money only when enough learners make it up: impact.tables).
    """
    support, bursary = Q(kind="support"), Q(kind="bursary")
    learners = lambda condition: Count("learner", distinct=True, filter=condition)  # noqa: E731
    aggregates = {
        "total": Sum("money", filter=support), "learners_supported": learners(support),
        "bursaries": Sum("money", filter=bursary), "learners_paid_bursary": learners(bursary),
        "learners_reached": Count("learner", distinct=True),
    }
    for value, _label in SupportSpend.Category.choices:
        aggregates[f"category_{value}"] = Sum("money", filter=support & Q(for_what=value))
        aggregates[f"learners_category_{value}"] = learners(support & Q(for_what=value))
    for value, _label in Payer.choices:
        aggregates[f"paid_by_{value}"] = Sum("money", filter=Q(payer=value))
        aggregates[f"learners_paid_by_{value}"] = learners(Q(payer=value))
    figures = money_rows(filters).aggregate(**aggregates)
    figures = {key: value if value is not None or key.startswith("learners_") else Decimal("0")
               for key, value in figures.items()}
    figures["cost_total"] = figures["total"] + figures["bursaries"]
    return figures


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
    # Starts with an employer that is not on the portal are counted in every figure, but have no provider row.
    qs = job_start.objects.filter(application_q(filters, "application__"), provider__isnull=False)
    return list(
        qs.values("provider_id", "provider__name")
        .annotate(filled=Count("pk"), people=Count("learner", distinct=True))
        .order_by("-filled", "provider__name")
    )


def stage_breakdowns(*, filters: ImpactFilters) -> dict[str, list[dict]]:
    """Reached-stage counts per locality and per programme: {"locality": rows, "programme": rows}. Two queries
    for both (stages, completers).

    An application reaches at most one of accepted / referred / not progressed, so "screened" is their sum.
    Each breakdown ignores the filter on its own dimension (it shows every locality or programme, the filtered
    one among them) and keeps the other. Both come from counts per (locality, programme): an application has
    one cohort, so one locality and one programme, and these counts add up exactly to either breakdown.
    """
    scope = filters.without("locality_id", "programme_id")
    groups: dict[str, dict[int, dict]] = {"locality": {}, "programme": {}}
    kept = {"locality": filters.programme_id, "programme": filters.locality_id}  # the other dimension's filter

    def add(row, prefix, step, n):
        for by, other in (("locality", "programme"), ("programme", "locality")):
            if kept[by] and row[f"{prefix}{other}_id"] != kept[by]:
                continue
            group_id = row[f"{prefix}{by}_id"]
            group = groups[by].setdefault(group_id, {"id": group_id, "name": row[f"{prefix}{by}__name"],
                                                     **{s: 0 for s in BREAKDOWN_STEPS}})
            group[step] += n

    dimensions = ["locality_id", "locality__name", "programme_id", "programme__name"]
    rows = (
        StageTransition.objects.filter(application_q(scope, "application__"))
        .values(*(f"application__cohort__{d}" for d in dimensions), "to_stage")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )
    for row in rows:  # bounded by localities x programmes x stages, not by the number of learners
        for step, stage in STEP_STAGES.items():
            if stage == row["to_stage"] and step in BREAKDOWN_STEPS and step != "completed":
                add(row, "application__cohort__", step, row["n"])
        if row["to_stage"] in SCREENED:
            add(row, "application__cohort__", "screened", row["n"])
    # Completers: a recorded completion (whatever the job stage) or the "completed" stage.
    completers = (
        Application.objects.filter(application_q(scope))
        .filter(Q(course_outcomes__result="completed") | Q(transitions__to_stage=Stage.COMPLETED))
        .values(*(f"cohort__{d}" for d in dimensions)).annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for row in completers:  # bounded by localities x programmes
        add(row, "cohort__", "completed", row["n"])
    return {by: sorted(by_id.values(), key=lambda g: g["name"]) for by, by_id in groups.items()}


SOURCE_STEPS = ["applications", "completed", "started_work", "followed_up_12", "in_work_12"]


def source_breakdown(*, filters: ImpactFilters) -> list[dict]:
    """Per recruitment route (the source each application gave: how they heard about the academy, or who
    referred them): applications, completers, job starts, and 12-month follow-ups with those in work.
    ONE grouped query. Completers and starts as the funnel counts them (a recorded completion or the
    "completed" stage; the "started work" stage); retention as the retention table does (in work at the
    12-month follow-up, of those followed up). Applications that gave no source are one row (id None).
    """
    def of_application(qs):
        return Exists(qs.filter(application=OuterRef("pk")))

    completed = Q(of_application(StageTransition.objects.filter(to_stage=Stage.COMPLETED)))
    course_outcome = optional_model("courses", "CourseOutcome")
    if course_outcome is not None:
        completed |= Q(of_application(course_outcome.objects.filter(result="completed")))
    started = Q(of_application(StageTransition.objects.filter(to_stage=Stage.STARTED_WORK)))
    twelve = RetentionFollowUp.objects.filter(month=12)
    return list(
        Application.objects.filter(application_q(filters))
        .values("source_id", "source__name", "source__order")
        .annotate(
            applications=Count("pk"),
            completed=Count("pk", filter=completed),
            started_work=Count("pk", filter=started),
            followed_up_12=Count("pk", filter=Q(of_application(twelve))),
            in_work_12=Count("pk", filter=Q(of_application(twelve.filter(in_work=True)))),
        )
        .order_by(F("source__order").asc(nulls_last=True), "source__name")
    )


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
    # Completions recorded while the learner was already further on (interviewed, offered, in work) log
    # no "completed" stage change: they count in the month of the completion date. One query.
    course_outcome = optional_model("courses", "CourseOutcome")
    outcomes = course_outcome.objects.filter(
        application_q(filters, "application__", period=False), result="completed",
    ).exclude(application__transitions__to_stage=Stage.COMPLETED)
    if filters.start:
        outcomes = outcomes.filter(on__gte=filters.start)
    if filters.end:
        outcomes = outcomes.filter(on__lte=filters.end)
    for row in outcomes.annotate(month=TruncMonth("on")).values("month").annotate(n=Count("pk")).order_by():
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        entry = months.setdefault(month, {"month": month, **{step: 0 for step in TREND_STEPS}})
        entry["completed"] += row["n"]
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
    by_source: list = field(default_factory=list)

    def step(self, key):
        if key in self.funnel:
            return self.funnel[key]
        return self.retention.get(key)


def impact_figures(*, filters: ImpactFilters) -> RawFigures:
    """All raw figures for one filter set: 14 queries (at most 15), whatever the data size."""
    funnel = funnel_figures(filters=filters)
    funnel.update(enquiry_counts(filters=filters))
    retention = retention_figures(filters=filters)
    breakdowns = stage_breakdowns(filters=filters)
    return RawFigures(
        filters=filters,
        funnel=funnel,
        retention=retention,
        support=support_figures(filters=filters),
        wellbeing=wellbeing_figures(filters=filters),
        satisfaction=satisfaction_figures(filters=filters),
        qualifications=qualification_figures(filters=filters),
        providers=provider_figures(filters=filters),
        by_locality=breakdowns["locality"],
        by_programme=breakdowns["programme"],
        trend=monthly_trend(filters=filters),
        extra={"leaving_reasons": leaving_reason_figures(filters=filters)},
        by_source=source_breakdown(filters=filters),
    )


def filters_description(filters: ImpactFilters, *, staff: bool = True) -> list[tuple[str, str]]:
    """What a set of figures covers, in words, for the page, the CSV and the printed report: the period
    and what it means, and every filter (named, or "all"). At most four small queries."""
    def name(model, pk, every):
        if not pk:
            return every
        obj = model.objects.filter(pk=pk).first()
        return str(obj) if obj else every

    if filters.start and filters.end:
        period = f"{filters.start.day} {filters.start:%B %Y} to {filters.end.day} {filters.end:%B %Y}"
    elif filters.start:
        period = f"from {filters.start.day} {filters.start:%B %Y}"
    elif filters.end:
        period = f"up to {filters.end.day} {filters.end:%B %Y}"
    else:
        period = "all time"
    lines = [
        ("Period", f"{period} (applications made in the period, followed through to work; "
                   "enquiries made in the period; trends count events in each month)"),
        ("Locality", name(Locality, filters.locality_id, "all localities")),
        ("Programme", name(Programme, filters.programme_id, "all programmes")),
    ]
    if staff or filters.cohort_id or filters.provider_id:
        from providers.models import Provider

        lines.append(("Cohort", name(Cohort, filters.cohort_id, "all cohorts")))
        lines.append(("Provider", name(Provider, filters.provider_id, "all providers")))
    return lines


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

    # The version changes with what RawFigures holds, so a cached copy of the old shape is never read.
    return "impact-figures:v3:" + hashlib.sha256(repr(filters).encode()).hexdigest()[:32]


def cached_impact_figures(*, filters: ImpactFilters) -> RawFigures:
    """impact_figures, kept in the shared cache per filter set for settings.IMPACT_FIGURES_CACHE_SECONDS.

    The figures aggregate the whole history (half a million stage changes at regional size, seconds of
    work); they are for boards and funders, so minutes-old figures are fine. Staff drill-downs stay live.
    """
    from django.conf import settings

    from academy.caching import cache_get_or_build_once

    seconds = settings.IMPACT_FIGURES_CACHE_SECONDS
    if not seconds:
        return impact_figures(filters=filters)
    # Built once per filter set however many workers ask at the same moment.
    return cache_get_or_build_once(_figures_cache_key(filters), lambda: impact_figures(filters=filters), seconds)


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

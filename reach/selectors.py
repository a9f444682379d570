"""Who the academy reaches: outcomes by priority group and equality characteristic, headline figures with
their last four quarters, and the participant rows for the academy's own returns.

Figures follow impact's rules (impact.selectors): applications in scope are those submitted in the
period; "reached stage X" means "has a transition to X". Each breakdown is two queries (stages,
12-month follow-ups), whatever the number of learners. This is reporting code: it is the only code,
with the learner's own GDPR export and erasure, that reads equality answers.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Count, Exists, OuterRef, Q, Sum

from courses.models import BursaryPayment
from equality.models import CHARACTERISTIC_LABELS, QUESTIONS
from impact.models import RetentionFollowUp, SupportSpend
from impact.selectors.figures import ImpactFilters, application_q
from learners.models import Application, Stage, StageTransition

from .models import LearnerPriorityGroup, PriorityGroup

# The steps each breakdown shows: (key, label, stage).
GROUP_STEPS = [
    ("applications", "Applied", Stage.APPLIED),
    ("enrolled", "Enrolled", Stage.ENROLLED),
    ("completed", "Completed the course", Stage.COMPLETED),
    ("offered", "Offered a job", Stage.OFFERED),
    ("started_work", "Started work", Stage.STARTED_WORK),
]
NOT_ANSWERED = "Not answered"
PRIORITY_DIMENSION = "priority_group"
# Every dimension a breakdown can be by: priority groups, then each equality characteristic.
DIMENSIONS = {PRIORITY_DIMENSION: "Priority group", **CHARACTERISTIC_LABELS}


@dataclass
class GroupRow:
    """Exact counts for one group (or the whole cohort): what the display rule works from."""

    key: str
    label: str
    counts: dict

    @property
    def into_work(self) -> tuple[int, int]:
        """Completers who started work: (numerator, denominator)."""
        return self.counts["completed_and_started"], self.counts["completed"]

    @property
    def retained_12(self) -> tuple[int, int]:
        """In work at 12 months, of those followed up at 12 months."""
        return self.counts["in_work_12"], self.counts["followed_up_12"]


def _empty_counts() -> dict:
    return {**{key: 0 for key, _label, _stage in GROUP_STEPS}, "completed_and_started": 0,
            "in_work_12": 0, "followed_up_12": 0}


def _group_field(dimension: str, prefix: str) -> str:
    if dimension == PRIORITY_DIMENSION:
        return f"{prefix}learner__priority_groups__group_id"
    if dimension not in QUESTIONS:
        raise ValueError(f"No such breakdown: {dimension}")
    return f"{prefix}learner__equality_monitoring__{dimension}"


def _labels(dimension: str) -> dict:
    if dimension == PRIORITY_DIMENSION:
        return dict(PriorityGroup.objects.values_list("pk", "name"))
    return dict(QUESTIONS[dimension][0].choices)


def _completed_and_started():
    started = StageTransition.objects.filter(application=OuterRef("application"), to_stage=Stage.STARTED_WORK)
    return Exists(started)


def group_outcomes(*, filters: ImpactFilters, dimension: str) -> list[GroupRow]:
    """One row per group of `dimension` (a priority group, or an equality characteristic's answers with
    "Not answered" last). Two queries."""
    field = _group_field(dimension, "application__")
    stages = {stage: key for key, _label, stage in GROUP_STEPS}
    scope = StageTransition.objects.filter(application_q(filters, "application__"), to_stage__in=list(stages))
    rows = (scope.annotate(started_too=_completed_and_started()).values(field, "to_stage")
            .annotate(n=Count("application", distinct=True),
                      n_started=Count("application", distinct=True, filter=Q(started_too=True)))
            .order_by())
    follow_ups = (RetentionFollowUp.objects.filter(application_q(filters, "application__"), month=12)
                  .values(_group_field(dimension, "application__"))
                  .annotate(followed=Count("application", distinct=True),
                            in_work=Count("application", distinct=True, filter=Q(in_work=True)))
                  .order_by())
    groups: dict = {}

    def group(key):
        if dimension != PRIORITY_DIMENSION and key in (None, ""):
            key = ""
        return groups.setdefault(key, _empty_counts())

    for row in rows:
        if dimension == PRIORITY_DIMENSION and row[field] is None:
            continue  # in no priority group: counted in the whole cohort only
        counts = group(row[field])
        counts[stages[row["to_stage"]]] = row["n"]
        if row["to_stage"] == Stage.COMPLETED:
            counts["completed_and_started"] = row["n_started"]
    for row in follow_ups:
        key = row[_group_field(dimension, "application__")]
        if dimension == PRIORITY_DIMENSION and key is None:
            continue
        counts = group(key)
        counts["followed_up_12"], counts["in_work_12"] = row["followed"], row["in_work"]
    labels = _labels(dimension)
    if dimension == PRIORITY_DIMENSION:
        order = list(PriorityGroup.objects.values_list("pk", flat=True))
        keys = [k for k in order if k in groups]
    else:
        keys = [k for k in labels if k in groups] + ([""] if "" in groups else [])
    return [GroupRow(key=str(k), label=labels.get(k, NOT_ANSWERED), counts=groups[k]) for k in keys]


def whole_cohort(*, filters: ImpactFilters) -> GroupRow:
    """The same counts for everyone in scope, whatever their groups. Two queries."""
    stages = {stage: key for key, _label, stage in GROUP_STEPS}
    counts = _empty_counts()
    rows = (StageTransition.objects.filter(application_q(filters, "application__"), to_stage__in=list(stages))
            .annotate(started_too=_completed_and_started()).values("to_stage")
            .annotate(n=Count("application", distinct=True),
                      n_started=Count("application", distinct=True, filter=Q(started_too=True)))
            .order_by())
    for row in rows:
        counts[stages[row["to_stage"]]] = row["n"]
        if row["to_stage"] == Stage.COMPLETED:
            counts["completed_and_started"] = row["n_started"]
    follow = RetentionFollowUp.objects.filter(application_q(filters, "application__"), month=12).aggregate(
        followed=Count("application", distinct=True), in_work=Count("application", distinct=True,
                                                                     filter=Q(in_work=True)))
    counts["followed_up_12"], counts["in_work_12"] = follow["followed"], follow["in_work"]
    return GroupRow(key="all", label="Whole cohort", counts=counts)


# --- Headline figures and their last four quarters -------------------------------------------------

HEADLINES = [
    ("completers_into_work", "Completers into care jobs"),
    ("offered", "Offered a job"),
    ("in_work_12", "In work at 12 months"),
    ("cost_per_job_start", "Support and bursary cost per job start"),
    ("priority_reached", "Learners reached from priority groups"),
]


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    end_month = first_month + 2
    next_start = datetime.date(day.year + (end_month == 12), end_month % 12 + 1, 1)
    return start, next_start - datetime.timedelta(days=1)


def last_four_quarters(anchor: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The quarter holding `anchor` and the three before it, oldest first."""
    quarters = []
    start, end = quarter_of(anchor)
    for _ in range(4):
        quarters.append((start, end))
        start, end = quarter_of(start - datetime.timedelta(days=1))
    return quarters[::-1]


def quarter_label(start: datetime.date) -> str:
    return f"{start:%b}–{(quarter_of(start)[1]):%b %Y}"


def headline_quarter(*, filters: ImpactFilters, start: datetime.date, end: datetime.date) -> dict:
    """The headline figures for events in one quarter (locality and programme filters apply). Six queries.

    Completers into care jobs and offers count the applications whose start of work or offer fell in the
    quarter; in work at 12 months counts 12-month follow-ups recorded in the quarter; the cost per job start
    divides the barrier-removal money spent and the bursaries paid in the quarter by the job starts in it; learners reached from
    priority groups counts people in a priority group who applied in the quarter."""
    scope = filters.without("start", "end")
    quarter = ImpactFilters(start=start, end=end)
    window = Q(at__gte=quarter.start_at, at__lt=quarter.end_before)
    transitions = StageTransition.objects.filter(application_q(scope, "application__", period=False)).filter(window)
    completed = StageTransition.objects.filter(application=OuterRef("application"), to_stage=Stage.COMPLETED)
    events = transitions.annotate(_completed=Exists(completed)).aggregate(
        started=Count("application", distinct=True, filter=Q(to_stage=Stage.STARTED_WORK)),
        completers_into_work=Count("application", distinct=True,
                                   filter=Q(to_stage=Stage.STARTED_WORK, _completed=True)),
        offered=Count("application", distinct=True, filter=Q(to_stage=Stage.OFFERED)),
    )
    in_work_12 = (RetentionFollowUp.objects.filter(application_q(scope, "application__", period=False), month=12,
                                                   in_work=True, recorded_at__gte=quarter.start_at,
                                                   recorded_at__lt=quarter.end_before)
                  .values("application").distinct().count())
    support = SupportSpend.objects.filter(application_q(scope, "application__", period=False),
                                          spent_on__gte=start, spent_on__lte=end).aggregate(total=Sum("amount"))["total"]
    bursaries = BursaryPayment.objects.filter(application_q(scope, "application__", period=False),
                                              paid_on__gte=start, paid_on__lte=end).aggregate(total=Sum("amount"))["total"]
    spend = None if support is None and bursaries is None else (support or 0) + (bursaries or 0)
    reached = (Application.objects.filter(application_q(replace(scope, start=start, end=end)))
        .filter(learner__in=LearnerPriorityGroup.objects.values("learner_id"))
        .values("learner").distinct().count())
    return {"start": start, "end": end, "completers_into_work": events["completers_into_work"],
            "offered": events["offered"], "in_work_12": in_work_12, "started": events["started"],
            "spend": spend, "priority_reached": reached}


def headline_figures(*, filters: ImpactFilters, today: datetime.date | None = None) -> list[dict]:
    """The last four quarters up to the filtered period's end (or today), oldest first."""
    from django.utils import timezone

    anchor = filters.end or today or timezone.localdate()
    return [headline_quarter(filters=filters, start=s, end=e) for s, e in last_four_quarters(anchor)]


# --- Participant rows for the academy's own returns ------------------------------------------------

def _offer_prefetches() -> list[str]:
    """The job offer behind each start, with its care setting where offers record one (jobs found outside
    the portal)."""
    from placements.models import JobOffer

    names = {f.name for f in JobOffer._meta.get_fields()}
    return ["job_starts__offer__setting"] if "setting" in names else ["job_starts__offer"]


def participant_applications(*, start: datetime.date, end: datetime.date, localities=None):
    """Applications of learners who took part in the period: applied in it, or had any stage change in it."""
    window = ImpactFilters(start=start, end=end)
    active = StageTransition.objects.filter(at__gte=window.start_at, at__lt=window.end_before).values("application_id")
    qs = (Application.objects.filter(Q(application_q(window)) | Q(pk__in=active))
          .select_related("learner", "learner__locality", "cohort", "cohort__programme", "cohort__locality")
          .prefetch_related("transitions", "retention_follow_ups", "learner__priority_groups__group",
                            "job_starts__provider", "job_starts__vacancy__setting", *_offer_prefetches())
          .order_by("submitted_at", "pk"))
    if localities is not None:
        qs = qs.filter(learner__locality__in=localities)
    return qs

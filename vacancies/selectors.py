from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import Cohort
from courses.selectors import upcoming_cohorts
from learners.models import Application, Stage
from providers.permissions import scope_to_provider

from .filters import VacancyGuideFilter
from .models import RingFence, Vacancy

# Stages at which a learner is on, or past, the course: they are owed the guaranteed interview.
ENROLLED_OR_LATER = [Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED,
                     Stage.STARTED_WORK]


def open_vacancies() -> QuerySet:
    """Vacancies the public may see: open and not past their closing date."""
    return (Vacancy.objects.filter(status=Vacancy.Status.OPEN, closing_date__gte=timezone.localdate())
            .select_related("provider", "site__locality", "setting")
            .prefetch_related("client_groups"))


# The columns the vacancy card (vacancies/_vacancy_card.html) shows, for lists of cards.
CARD_FIELDS = (
    "role_title", "hours_per_week", "works_days", "works_nights", "sleep_ins", "works_weekends", "pay_amount",
    "pay_period", "contract", "driving_required", "closing_date", "good_parts", "hard_parts",
    "provider__name", "site__name", "site__postcode", "site__locality__name", "setting__name",
)


def vacancies_search(*, data) -> VacancyGuideFilter:
    """The public guide's filter over open vacancies; `.qs` is ready to paginate (fixed query count) and
    loads only what the cards show."""
    return VacancyGuideFilter(data=data or None, queryset=open_vacancies().only(*CARD_FIELDS)
                              .order_by("closing_date", "role_title"))


def vacancies_for_user(user) -> QuerySet:
    return (scope_to_provider(Vacancy.objects.all(), user)
            .select_related("provider", "site", "setting")
            .annotate(ring_fenced_places=Sum("ring_fences__places"))
            .order_by("status", "closing_date"))


def vacancy_detail_for_manager(*, vacancy: Vacancy, user):
    """The vacancy's ring-fences and slots; each slot says whether `user` may see its learner's name
    (providers.permissions.annotate_learner_view: staff of the learner's locality, or the provider
    while the rule for providers allows it)."""
    from providers.permissions import annotate_learner_view

    ring_fences = vacancy.ring_fences.select_related("cohort__programme", "cohort__locality")
    slots = annotate_learner_view(vacancy.interview_slots.select_related("interview__application__learner"),
                                  user, "interview__application__learner").order_by("starts_at")
    return {"ring_fences": ring_fences, "slots": slots}


@dataclass
class LearnerGuarantee:
    application: Application
    interviews: list = field(default_factory=list)

    @property
    def has_interview(self) -> bool:
        """An interview booked or held (not withdrawn or cancelled) for a job that suits the learner: one
        booked against the matching page's exclusions, with staff's reason, does not keep the promise."""
        return any(i.outcome not in ("withdrawn", "cancelled") and i.fits_learner for i in self.interviews)


@dataclass
class CohortGuarantee:
    cohort: Cohort
    promised: bool
    learners: list[LearnerGuarantee]
    ring_fences: list[RingFence]
    places: int
    places_used: int

    @property
    def with_interview(self) -> list[LearnerGuarantee]:
        return [lg for lg in self.learners if lg.has_interview]

    @property
    def without_interview(self) -> list[LearnerGuarantee]:
        return [lg for lg in self.learners if not lg.has_interview]

    @property
    def places_free(self) -> int:
        return max(0, self.places - self.places_used)

    @property
    def shortfall(self) -> int:
        """Learners still waiting whom the free ring-fenced places cannot cover."""
        return max(0, len(self.without_interview) - self.places_free)

    @property
    def every_learner_covered(self) -> bool:
        return self.promised and self.shortfall == 0


def cohort_interview_guarantee(*, cohort: Cohort) -> CohortGuarantee:
    """Is the guaranteed-interview promise kept for this cohort, and for whom is it not yet?

    Every learner at 'enrolled' or later is owed an interview. A learner is covered by an interview
    booked or held (not withdrawn); the others are covered while free ring-fenced places remain.
    """
    from placements.models import Interview

    ring_fences = list(cohort.ring_fences.select_related("vacancy__provider").order_by("vacancy__role_title"))
    vacancy_ids = [rf.vacancy_id for rf in ring_fences]
    live = ~Q(outcome__in=[Interview.Outcome.WITHDRAWN, Interview.Outcome.CANCELLED])
    applications = (
        Application.objects.filter(cohort=cohort, stage__in=ENROLLED_OR_LATER, learner__erased_at__isnull=True)
        .select_related("learner")
        .prefetch_related(Prefetch("interviews", queryset=Interview.objects.select_related(
            "vacancy", "provider", "slot").order_by("slot__starts_at")))
        .order_by("learner__last_name", "learner__first_name")
    )
    learners = [LearnerGuarantee(a, list(a.interviews.all())) for a in applications]
    used = Interview.objects.filter(live, application__cohort=cohort, vacancy_id__in=vacancy_ids).count()
    return CohortGuarantee(cohort=cohort, promised=cohort.guaranteed_interview, learners=learners,
                           ring_fences=ring_fences, places=sum(rf.places for rf in ring_fences), places_used=used)


def cohorts_guarantee_summary() -> QuerySet:
    """Current and recent cohorts with their learner and ring-fenced place counts (one query)."""
    recent = timezone.localdate() - timezone.timedelta(weeks=12)
    return (Cohort.objects.filter(end_date__gte=recent)
            .select_related("programme", "locality")
            .annotate(
                owed=Count("applications", filter=Q(applications__stage__in=ENROLLED_OR_LATER), distinct=True),
                # A subquery, so the join to applications above does not multiply the sum.
                places=Coalesce(Subquery(
                    RingFence.objects.filter(cohort=OuterRef("pk")).values("cohort")
                    .annotate(total=Sum("places")).values("total")[:1]
                ), 0),
            )
            .order_by("start_date"))


def vacancies_closing_with_free_places(*, first, last) -> list[tuple[Vacancy, int]]:
    """(vacancy, ring-fenced interview places still free) for open vacancies closing from `first` to `last`.

    A ring-fenced place is used by an interview (not withdrawn) of a learner from the fenced cohort."""
    from placements.models import Interview

    booked = (Interview.objects.filter(vacancy=OuterRef("vacancy_id"), application__cohort=OuterRef("cohort_id"))
              .exclude(outcome=Interview.Outcome.WITHDRAWN).values("vacancy").annotate(n=Count("pk")).values("n")[:1])
    fences = (RingFence.objects.filter(vacancy__status=Vacancy.Status.OPEN, vacancy__closing_date__gte=first,
                                       vacancy__closing_date__lte=last)
              .annotate(booked=Subquery(booked)).select_related("vacancy"))
    free_by_vacancy = {}
    for fence in fences:
        free = fence.places - (fence.booked or 0)
        if free > 0:
            vacancy, total = free_by_vacancy.get(fence.vacancy_id, (fence.vacancy, 0))
            free_by_vacancy[fence.vacancy_id] = (vacancy, total + free)
    return list(free_by_vacancy.values())


@dataclass
class VacancyRoutes:
    """How someone who wants a vacancy gets to it: the open courses with interview places kept for it
    (ring-fenced: a guaranteed interview for this job), the other open courses near it that end with a
    guaranteed interview, and whether interview places are kept for a course that has already started."""

    ring_fenced: list
    nearby: list
    kept_for_started_course: bool

    @property
    def any_course(self) -> bool:
        return bool(self.ring_fenced or self.nearby)


def vacancy_routes(*, vacancy: Vacancy) -> VacancyRoutes:
    ring_fenced = upcoming_cohorts(ring_fences__vacancy=vacancy)
    ring_fenced_ids = {c.pk for c in ring_fenced}
    nearby = [c for c in upcoming_cohorts(locality=vacancy.site.locality, guaranteed_interview=True)
              if c.pk not in ring_fenced_ids]
    kept_elsewhere = vacancy.ring_fences.exclude(cohort_id__in=ring_fenced_ids).exists()
    return VacancyRoutes(ring_fenced=[c for c in ring_fenced if c.places_left],
                         nearby=[c for c in nearby if c.places_left], kept_for_started_course=kept_elsewhere)

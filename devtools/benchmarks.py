"""The pages `manage.py bench` measures, and how it finds a realistic object and user for each;
and the personnel-file timing `manage.py bench_personnel_files` prints.

Each page picks a busy example (the largest cohort, the learner with the longest history, the
provider with the most placements and interviews) so the figures describe the heavy end, not an
empty page. The picks are cached: the load test reuses the objects the timing used.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count
from django.urls import reverse

from academy.models import User


@dataclass
class BenchPage:
    name: str
    url: Callable[[], str]
    user: Callable[[], User | None]
    load_test: bool = False
    # Settings the page is timed with (the load test's server has them all: see bench).
    settings: dict = field(default_factory=dict)


def _first_user(role):
    @cache
    def pick():
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        if user is None:
            raise LookupError(f"no {role} user: run seed_scale first")
        return user

    return pick


@cache
def _busiest_cohort():
    from courses.models import Cohort

    cohort = Cohort.objects.annotate(n=Count("applications")).order_by("-n", "pk").first()
    if cohort is None:
        raise LookupError("no cohorts")
    return cohort


@cache
def _learner_with_most_history():
    from learners.models import Learner

    learner = (
        Learner.objects.filter(erased_at__isnull=True)
        .annotate(n=Count("applications__transitions"))
        .order_by("-n", "pk")
        .first()
    )
    if learner is None:
        raise LookupError("no learners")
    return learner


@cache
def _learner_with_user():
    """The learner with an account who has the longest history (their home page is the fullest)."""
    from learners.models import Learner

    learner = (
        Learner.objects.filter(user__isnull=False, user__is_active=True, erased_at__isnull=True)
        .annotate(n=Count("applications__transitions"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .select_related("user")
        .first()
    )
    if learner is None:
        raise LookupError("no learner with an account and an application")
    return learner


def _learner_user():
    return _learner_with_user().user


@cache
def _busiest_provider_user():
    """A user of the provider with the most placements and interviews: the fullest provider home."""
    from providers.models import Provider

    provider = (
        Provider.objects.filter(users__role=User.Role.PROVIDER, users__is_active=True)
        .annotate(n=Count("placements", distinct=True) + Count("interviews", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    if provider is None:
        return _first_user(User.Role.PROVIDER)()
    return provider.users.filter(is_active=True).order_by("pk").first()


@cache
def _staff_for_all_localities():
    user = User.objects.filter(role=User.Role.STAFF, localities__isnull=True, is_active=True).order_by("pk").first()
    return user or _first_user(User.Role.STAFF)()


@cache
def _staff_for_one_locality():
    """A staff member working in one locality only, the busiest such locality (most learners)."""
    from django.db.models import Count

    single = (User.objects.filter(role=User.Role.STAFF, is_active=True).annotate(n=Count("localities", distinct=True))
              .filter(n=1))
    return (single.annotate(learners=Count("localities__learners")).order_by("-learners", "pk").first()
            or _staff_for_all_localities())


@cache
def _misspelt_name():
    """A learner's name with its first letter dropped and two letters swapped: what search must still find."""
    from urllib.parse import quote_plus

    learner = _learner_with_most_history()
    first, last = learner.first_name[1:], learner.last_name
    if len(last) > 3:
        last = last[:-2] + last[-1] + last[-2]
    return quote_plus(f"{first} {last}")


def bench_pages() -> list[BenchPage]:
    return [
        BenchPage("vacancy guide search", lambda: reverse("vacancies:guide") + "?q=care", lambda: None, True),
        # Signed-in visitors bypass the anonymous page cache and get the rendered results from the cache.
        BenchPage("vacancy guide search, signed in", lambda: reverse("vacancies:guide") + "?q=care", _learner_user),
        # With the results cache off as well: the work behind every cache miss.
        BenchPage("vacancy guide search, cache miss", lambda: reverse("vacancies:guide") + "?q=care", _learner_user,
                  True, {"GUIDE_RESULTS_CACHE_SECONDS": 0}),
        BenchPage("cohort board", lambda: reverse("learners:cohort_board", args=[_busiest_cohort().pk]),
                  _staff_for_all_localities, True),
        BenchPage("learner detail (staff)",
                  lambda: reverse("learners:detail", args=[_learner_with_most_history().pk]),
                  _staff_for_all_localities),
        BenchPage("staff home (work queue)", lambda: reverse("workqueue:home"), _staff_for_all_localities),
        # Every count read again, as after a change in the staff member's localities.
        BenchPage("staff home, rebuilt (region)", lambda: reverse("workqueue:home"), _staff_for_all_localities,
                  False, {"WORKQUEUE_COUNTS_SECONDS": 0}),
        BenchPage("staff home, rebuilt (1 locality)", lambda: reverse("workqueue:home"),
                  _staff_for_one_locality, False, {"WORKQUEUE_COUNTS_SECONDS": 0}),
        BenchPage("learner search, misspelt name", lambda: reverse("workqueue:search") + "?q=" + _misspelt_name(),
                  _staff_for_all_localities),
        BenchPage("learner search, postcode", lambda: reverse("workqueue:search") + "?q=FY1",
                  _staff_for_all_localities),
        BenchPage("provider home", lambda: reverse("providers:home"), _busiest_provider_user),
        BenchPage("partner dashboard", lambda: reverse("impact:dashboard"), _first_user(User.Role.PARTNER)),
        BenchPage("learner home", lambda: reverse("learners:me"), _learner_user, True),
    ]


def pdf_builder():
    """Returns sample(count) -> (build(learner_id), learner_ids) for timing personnel files, or None.

    None until the personnel-file builder (learners.personnel.services.personnel_file_build) is on main.
    """
    try:
        from learners.personnel.services import personnel_file_build
    except ImportError:
        return None
    from learners.models import Learner

    def sample(count):
        ids = list(
            Learner.objects.filter(applications__stage__in=["completed", "offered", "started_work"])
            .values_list("pk", flat=True)
            .distinct()[:count]
        )
        return (lambda learner_id: personnel_file_build(learner_id=learner_id)), ids

    return sample


def bench_personnel_files(*, learner_ids: list[int]) -> dict:
    """Builds each learner's file in turn, as one worker process does; returns seconds per file and files per minute.

    The first build warms up fonts and templates and is not counted.
    """
    from learners.personnel.services import personnel_file_build

    if not learner_ids:
        return {"files": 0, "seconds_per_file": None, "files_per_minute": None}

    personnel_file_build(learner_id=learner_ids[0])
    started = time.perf_counter()
    for learner_id in learner_ids:
        personnel_file_build(learner_id=learner_id)
    elapsed = time.perf_counter() - started
    per_file = elapsed / len(learner_ids)
    return {"files": len(learner_ids), "seconds_per_file": per_file, "files_per_minute": 60 / per_file}

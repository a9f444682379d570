"""Reads for the staff work queue and search (workqueue app): applications to screen, learners blocked
on DBS, references outstanding, and finding a learner by name, email, phone or postcode.

Each selector takes `learners`, the learners the staff member may see (learners.permissions.
learners_visible_to), and returns a queryset: the work queue counts it (one query) and pages it.
"""

import re

from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Replace, Upper

from .models import Application, DbsCheck, Reference, Stage
from .selectors import applications_needing_dbs_q

# Stages after which nobody needs to chase a learner's paperwork any more.
CLOSED_STAGES = [Stage.WITHDRAWN, Stage.NOT_PROGRESSED]


def applications_to_screen(*, learners: QuerySet) -> QuerySet:
    """New applications waiting for a values screening, or for acceptance on a programme without one
    (`needs_values_screening` false), oldest first (the longest wait at the top)."""
    return (Application.objects.filter(stage=Stage.APPLIED, learner__in=learners)
            .annotate(needs_values_screening=F("cohort__programme__requires_values_screening"))
            .select_related("learner", "cohort").order_by("submitted_at", "pk"))


def _latest_dbs_check_pk():
    return Subquery(DbsCheck.objects.filter(learner_id=OuterRef("pk")).order_by("-created_at", "-pk").values("pk")[:1])


def learners_blocked_on_dbs(*, learners: QuerySet) -> QuerySet:
    """Learners holding a place (accepted onwards, not yet in work) on a programme that asks for DBS, whose
    latest DBS check does not clear them for work (DbsCheck.CLEARED), or who have none: the cohort board's
    "DBS blocked" across cohorts."""
    holding_a_place = Application.objects.filter(applications_needing_dbs_q(), learner_id=OuterRef("pk"))
    return (
        learners.filter(erased_at__isnull=True)
        .annotate(latest_dbs_pk=_latest_dbs_check_pk(),
                  cohort_name=Subquery(holding_a_place.order_by("-submitted_at").values("cohort__name")[:1]),
                  cohort_pk=Subquery(holding_a_place.order_by("-submitted_at").values("cohort_id")[:1]))
        .filter(Exists(holding_a_place))
        .exclude(Exists(DbsCheck.objects.cleared().filter(pk=OuterRef("latest_dbs_pk"))))
        .order_by("last_name", "first_name", "pk")
    )


def references_outstanding(*, learners: QuerySet) -> QuerySet:
    """Outstanding references (Reference.objects.outstanding: asked for, not received, and still needed for
    the personnel file), oldest request first, for learners still in the pipeline."""
    still_in = Application.objects.filter(learner_id=OuterRef("learner_id")).exclude(stage__in=CLOSED_STAGES)
    return (Reference.objects.outstanding().filter(learner__in=learners)
            .filter(Exists(still_in)).select_related("learner").order_by("requested_on", "pk"))


# --- Search ------------------------------------------------------------------------------------


class FullName(Func):
    """first_name || ' ' || last_name: the very expression the trigram index
    (workqueue migration 0001) is built on, so PostgreSQL can use the index."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()


POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?\s*([0-9][A-Z]{0,2})?$", re.IGNORECASE)
PHONE = re.compile(r"^\+?[0-9 ()-]{4,}$")
SEARCH_MAX_LENGTH = 100


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def learner_search_q(query: str) -> tuple[Q, bool]:
    """What to match for a search box entry, and whether it is a name (to rank by similarity)."""
    if "@" in query:
        return Q(email__icontains=query), False
    if PHONE.match(query):
        return Q(phone_compact__contains=re.sub(r"[^0-9+]", "", query)), False
    if POSTCODE.match(query):
        return Q(postcode_compact__startswith=_compact(query)), False
    return Q(), True


# How alike a name must be to one stretch of "first last" (pg_trgm's word similarity) to be found. pg_trgm's
# default, 0.6, asks a short entry to share most of its trigrams: "Mnda" for "Amanda" shares 2 of 5 (0.4).
# Lower, and any name with a word starting with the same letter would match.
NAME_MATCH_THRESHOLD = 0.4


def _letters_in_order(word: str) -> str:
    """A pattern for the word's letters in order with anything between: "mnda" finds "Amanda"."""
    return ".*".join(re.escape(letter) for letter in word)


def learners_search(*, learners: QuerySet, query: str) -> QuerySet:
    """Learners matching `query`: a name (partial or misspelt: trigram word similarity on PostgreSQL; on
    other databases each word, or its letters in order, within a name), an email, a phone number or a
    postcode. Each learner comes with the stage and cohort of their latest application. One query, which
    the search page pages with its count (academy.pagination.CountedPaginator)."""
    query = " ".join(query.split())[:SEARCH_MAX_LENGTH]
    latest = Application.objects.filter(learner_id=OuterRef("pk")).order_by("-submitted_at", "-pk")
    qs = learners.filter(erased_at__isnull=True).annotate(
        latest_stage=Subquery(latest.values("stage")[:1]),
        latest_cohort_name=Subquery(latest.values("cohort__name")[:1]),
        latest_cohort_pk=Subquery(latest.values("cohort_id")[:1]),
    )
    if not query:
        return qs.none()
    condition, is_name = learner_search_q(query)
    if not is_name:
        qs = qs.annotate(phone_compact=Replace(Replace(F("phone"), Value(" "), Value("")), Value("-"), Value("")),
                         postcode_compact=Upper(Replace(F("postcode"), Value(" "), Value(""))))
        return qs.filter(condition).order_by("last_name", "first_name", "pk")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramWordSimilar
        from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity

        # `query <% search_name` is the operator the trigram index serves, and it reads its threshold from
        # this setting. It is set for the connection: this search is the only user of the operator.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                           [str(NAME_MATCH_THRESHOLD)])
        qs = qs.annotate(search_name=FullName("first_name", "last_name"))
        return (qs.filter(TrigramWordSimilar(F("search_name"), query))
                .annotate(score=TrigramWordSimilarity(query, "search_name"),
                          closeness=TrigramSimilarity("search_name", query))
                .order_by("-score", "-closeness", "last_name", "first_name", "pk"))
    # Elsewhere (SQLite in development and tests): every word of the query in the first, last or preferred
    # name, or its letters in order (a letter left out).
    for word in query.split():
        pattern = _letters_in_order(word)
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(preferred_name__icontains=word)
                       | Q(first_name__iregex=pattern) | Q(last_name__iregex=pattern))
    return qs.order_by("last_name", "first_name", "pk")


def stage_label(stage: str | None) -> str:
    return Stage(stage).label if stage in Stage.values else ""



def learners_possibly_same(*, learners: QuerySet, email: str = "", first_name: str = "", last_name: str = "",
                           date_of_birth=None) -> QuerySet:
    """Learners among `learners` who may be the person staff are entering: the same email address, or the
    same first and last name (any case) and date of birth. Staff are shown them rather than a silent merge."""
    same = Q(pk__in=[])
    if email:
        same |= Q(email__iexact=email.strip())
    if first_name.strip() and last_name.strip() and date_of_birth:
        same |= Q(first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(),
                  date_of_birth=date_of_birth)
    return learners.filter(same, erased_at__isnull=True).select_related("locality").order_by("last_name", "pk")

"""What the public guide's search and its cached results are kept fresh with.

- `Vacancy.search_text`: one lower-cased copy of each vacancy's role, summary, provider, site and
  setting names and the names of the client groups it supports, which the keyword search matches
  with one LIKE. It is rewritten when any of them changes (vacancies.receivers), always by the same
  SQL, so a vacancy and its copy never disagree on case.
- The guide's version: part of the key of every cached copy of the guide's results, so a change to
  anything the guide shows is on the next page served (signed-in visitors; anonymous ones get the
  page cache, at most PUBLIC_PAGE_CACHE_SECONDS late).
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db.models import Aggregate, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat, Lower
from django.http import QueryDict
from django.utils import timezone

from providers.models import CareSetting, Provider, Site

from .models import Vacancy

GUIDE_VERSION_KEY = "vacancy-guide-version"
# The parameters the guide reads, in a fixed order: anything else in a URL makes no new cache entry.
GUIDE_PARAMETERS = ("q", "setting", "client_group", "locality", "hours", "no_driving", "no_nights", "page")


def _name_of(model, field):
    return Subquery(model.objects.filter(pk=OuterRef(field)).values("name")[:1])


class JoinedText(Aggregate):
    """Texts of a group of rows joined with a separator: GROUP_CONCAT(text, separator) on SQLite,
    STRING_AGG on PostgreSQL (both take the same two arguments)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def _client_group_names(separator):
    through = Vacancy.client_groups.through
    return Subquery(through.objects.filter(vacancy_id=OuterRef("pk")).order_by().values("vacancy_id")
                    .annotate(names=JoinedText("clientgroup__name", separator)).values("names"))


def search_text_expression():
    """The SQL that builds a vacancy's search text from its row, its provider, site and setting, and its
    client groups."""
    separator = Value("\n")
    return Lower(Concat("role_title", separator, "summary", separator, _name_of(Provider, "provider_id"),
                        separator, _name_of(Site, "site_id"), separator, _name_of(CareSetting, "setting_id"),
                        separator, _client_group_names(separator), output_field=TextField()))


def vacancy_search_text_refresh(vacancies: QuerySet | None = None) -> int:
    """Rewrites the search text of `vacancies` (every vacancy by default) in one UPDATE."""
    vacancies = Vacancy.objects.all() if vacancies is None else vacancies
    return vacancies.update(search_text=search_text_expression())


def keyword_pattern(value: str) -> str:
    """What a keyword is matched as against the search text."""
    return value.strip().lower()


def guide_version() -> str:
    version = cache.get(GUIDE_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # Another worker may have set one meanwhile: keep theirs.
        if not cache.add(GUIDE_VERSION_KEY, version, None):
            version = cache.get(GUIDE_VERSION_KEY, version)
    return version


def guide_changed() -> None:
    """Retires every cached copy of the guide's results (a new version makes new keys)."""
    cache.set(GUIDE_VERSION_KEY, uuid.uuid4().hex, None)


def guide_query(params) -> str:
    """The guide's own parameters (not the page), for its links to other pages and the printable guide."""
    query = QueryDict(mutable=True)
    for name in GUIDE_PARAMETERS[:-1]:
        value = params.get(name, "").strip()
        if value:
            query[name] = value
    return query.urlencode()


def guide_results_cache_key(params) -> str:
    """The cached results' key: the guide's version, today's date (vacancies close at midnight) and the
    guide's own parameters in a fixed order, blanks and strays left out. Nothing about the visitor."""
    normalised = [(name, params.get(name, "").strip()) for name in GUIDE_PARAMETERS]
    query = "&".join(f"{name}={value}" for name, value in normalised if value)
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"{guide_version()}:{timezone.localdate().isoformat()}:{digest}"

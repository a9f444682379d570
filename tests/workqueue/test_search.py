"""One search box finds learners in the staff member's localities by name, email, phone or postcode."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import Stage
from tests.factories import ApplicationFactory, CohortFactory, LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def amanda(locality):
    learner = LearnerFactory(locality=locality, first_name="Amanda", last_name="Smith",
                             email="amanda.smith@example.test", phone="07700 900123", postcode="FY1 4AB")
    ApplicationFactory(learner=learner, cohort=CohortFactory(locality=locality, name="Spring care academy"),
                       stage=Stage.ENROLLED)
    return learner


@pytest.fixture
def amanda_elsewhere(other_locality):
    """Her namesake in another locality: never found by staff who do not work there."""
    return LearnerFactory(locality=other_locality, first_name="Amanda", last_name="Smithers",
                          email="amanda.smithers@example.test", phone="07700 900124", postcode="WN1 1AA")


def search(client, q) -> list[str]:
    response = client.get(reverse("workqueue:search"), {"q": q})
    assert response.status_code == 200
    return re.findall(r'<tr data-testid="search-result">(.*?)</tr>', response.content.decode(), re.S)


@pytest.mark.parametrize("q", ["Amanda Smith", "amanda", "Aman", "Smi", "smith amanda"])
def test_a_name_or_part_of_it_finds_the_learner_with_stage_and_cohort(client_for, staff, amanda, q):
    [row] = search(client_for(staff), q)
    assert "Amanda Smith" in row
    assert reverse("learners:detail", args=[amanda.pk]) in row
    assert "Enrolled" in row and "Spring care academy" in row


@pytest.mark.parametrize("q", ["amanda.smith@", "AMANDA.SMITH@EXAMPLE.TEST", "07700 900123", "07700900123",
                               "FY1 4AB", "fy14ab", "FY1"])
def test_email_phone_and_postcode_find_the_learner(client_for, staff, amanda, q):
    [row] = search(client_for(staff), q)
    assert "Amanda Smith" in row


@pytest.mark.parametrize("q", ["fy1 4", "FY14", "Fy1"])
def test_a_postcode_stored_in_lower_case_without_its_space_is_found_by_its_start(client_for, staff, locality, q):
    LearnerFactory(locality=locality, first_name="Priya", last_name="Shah", postcode="fy14ab")
    LearnerFactory(locality=locality, first_name="Tom", last_name="Reed", postcode="FY2 4AB")
    [row] = search(client_for(staff), q)
    assert "Priya Shah" in row


def test_a_postcode_search_reads_the_postcode_index_on_postgresql(amanda):
    if connection.vendor != "postgresql":
        pytest.skip("the prefix index is PostgreSQL's (workqueue migration 0002)")
    from learners.models import Learner
    from learners.selectors_workqueue import learners_search

    # Across the region (staff without localities), where nothing else narrows the learners.
    qs = learners_search(learners=Learner.objects.all(), query="fy1 4")
    sql, params = qs.query.get_compiler(connection.alias).as_sql()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "learners_learner_postcode_compact_prefix" in plan


@pytest.mark.parametrize("q", ["Mnda", "mnda smith", "Amnda"])
def test_a_short_name_with_a_letter_left_out_finds_the_learner(client_for, staff, amanda, locality, q):
    LearnerFactory(locality=locality, first_name="Mark", last_name="Dawson")
    rows = search(client_for(staff), q)
    assert rows and "Amanda Smith" in rows[0]


def test_a_misspelt_name_ranks_the_closest_first_on_postgresql(client_for, staff, amanda, locality):
    if connection.vendor != "postgresql":
        pytest.skip("ranking by trigram similarity is PostgreSQL's")
    for first, last in [("Amelia", "Mandeville"), ("Dan", "Smith"), ("Mandy", "Ashworth")]:
        LearnerFactory(locality=locality, first_name=first, last_name=last)
    rows = search(client_for(staff), "Mnda Smith")
    assert "Amanda Smith" in rows[0]
    assert not any("Amelia" in row for row in rows)  # too far off to be offered at all


@pytest.mark.parametrize("q", ["Manda Smiht", "Amanda Smyth"])
def test_a_misspelt_name_finds_the_learner_on_postgresql(client_for, staff, amanda, q):
    if connection.vendor != "postgresql":
        pytest.skip("typo-tolerant search uses PostgreSQL's pg_trgm; other databases match parts of names")
    rows = search(client_for(staff), q)
    assert rows and "Amanda Smith" in rows[0]


@pytest.mark.parametrize("q", ["Amanda", "Smithers", "amanda.smithers@example.test", "07700 900124", "WN1 1AA",
                               "Amanda Smithers"])
def test_learners_in_other_localities_are_never_found(client_for, staff, amanda, amanda_elsewhere, q):
    assert not any("Smithers" in row for row in search(client_for(staff), q))


def test_the_other_localitys_staff_find_their_learner_and_not_ours(client_for, other_locality_staff, amanda,
                                                                  amanda_elsewhere):
    rows = search(client_for(other_locality_staff), "Amanda")
    assert len(rows) == 1 and "Amanda Smithers" in rows[0]


def test_erased_learners_are_not_found(client_for, staff, amanda):
    from django.utils import timezone

    amanda.erased_at = timezone.now()
    amanda.save()
    assert search(client_for(staff), "Amanda") == []


def test_nothing_found_says_so_plainly(client_for, staff, amanda):
    body = client_for(staff).get(reverse("workqueue:search"), {"q": "Zebedee"}).content.decode()
    assert "No learner in your localities matches" in body and "Zebedee" in body


def test_an_empty_or_overlong_search_explains_and_keeps_what_was_typed(client_for, staff):
    client = client_for(staff)
    assert "Enter a name, email address" in client.get(reverse("workqueue:search"), {"q": "  "}).content.decode()
    long = "a" * 101
    body = client.get(reverse("workqueue:search"), {"q": long}).content.decode()
    assert "at most 100 characters" in body and f'value="{long}"' in body


def test_the_staff_navigation_has_the_search_box(client_for, staff):
    body = client_for(staff).get(reverse("workqueue:home")).content.decode()
    assert 'data-testid="nav-search"' in body and f'action="{reverse("workqueue:search")}"' in body


@pytest.mark.parametrize("persona", ["provider_user", "learner", "partner"])
def test_other_roles_are_refused_search(request, client, persona, amanda):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("workqueue:search"), {"q": "Amanda"}).status_code == 403


# The session and the user (with their MFA check and localities), then one page of results with their count
# (each learner's latest stage and cohort come in the same query), then the session's save: 8. One more for a
# name on PostgreSQL, which sets the match threshold (learners.selectors_workqueue.NAME_MATCH_THRESHOLD), or
# when nothing is found (an empty page carries no count, so it is counted apart).
SEARCH_MAX_QUERIES = 9


@pytest.mark.parametrize("q", ["Amanda", "FY1", "07700900123", "amanda.smith@"])
def test_search_costs_a_fixed_number_of_queries(client_for, staff, locality, q, django_assert_max_num_queries):
    for n in range(30):
        learner = LearnerFactory(locality=locality, first_name="Amanda", last_name=f"Smith{n}", phone="07700900123",
                                 email=f"amanda.smith{n}@example.test")
        ApplicationFactory(learner=learner, cohort=CohortFactory(locality=locality))
    client = client_for(staff)
    with django_assert_max_num_queries(SEARCH_MAX_QUERIES):
        assert client.get(reverse("workqueue:search"), {"q": q}).status_code == 200


@pytest.fixture
def thirty_amandas(locality):
    for n in range(30):
        LearnerFactory(locality=locality, first_name="Amanda", last_name=f"Smith{n:02}", postcode="FY1 4AB")


def found_caption(client, **params) -> str:
    body = client.get(reverse("workqueue:search"), params).content.decode()
    return re.search(r"<caption>(.*?)</caption>", body, re.S).group(1)


@pytest.mark.parametrize("q", ["Amanda", "FY1"])
def test_a_page_of_results_and_their_count_come_in_one_query(client_for, staff, thirty_amandas, q):
    """Counting the matches is a second pass over them (trigram similarity, for a name): the page's rows
    carry the count instead (academy.pagination)."""
    client = client_for(staff)
    client.get(reverse("workqueue:search"), {"q": q})
    with CaptureQueriesContext(connection) as queries:
        rows = search(client, q)
    assert len(rows) == 25
    reads = [s for s in (q["sql"] for q in queries.captured_queries) if "learners_learner" in s]
    assert len(reads) == 1, reads


@pytest.mark.parametrize("page, shown", [
    ("", "page 1 of 2"), ("2", "page 2 of 2"), ("9", "page 2 of 2"), ("0", "page 2 of 2"), ("x", "page 1 of 2"),
])
def test_search_pages_count_every_match_and_a_page_out_of_range_shows_the_nearest(
        client_for, staff, thirty_amandas, page, shown):
    caption = found_caption(client_for(staff), q="Amanda", page=page)
    assert "30 learners found" in caption and shown in caption


def test_the_last_page_of_results_has_the_rest(client_for, staff, thirty_amandas):
    response = client_for(staff).get(reverse("workqueue:search"), {"q": "FY1", "page": "2"})
    assert [learner.last_name for learner in response.context["page"]] == [f"Smith{n:02}" for n in range(25, 30)]

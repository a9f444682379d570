"""Bad input at every public form: random and malformed data never gives a server error, and a
submission that is refused saves nothing (no Learner, Application or User half-made).

Bounded: each form gets FUZZ_EXAMPLES generated inputs (hypothesis), so the suite stays fast.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.models import User
from learners.models import Application, Learner
from tests.factories import CohortFactory, VacancyFactory

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = 25
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text as people and attackers type it: any unicode, NULs and control characters, markup and SQL,
# huge strings, numbers out of every range, and wrong types (several values for a one-value field).
nasty_words = st.sampled_from([
    "", " ", "\x00", "a\x00b", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00",
    "99999999999999999999999999", "-1", "0", "1e309", "NaN", "2026-02-30", "31/13/2026", "null", "true",
    "\u202e\u0000\ufeff", "😀" * 50, "FY1 4AB", "a@b", "x@example.test",
])
# No lone surrogates (category Cs): they cannot be encoded as UTF-8, so no browser can send one, and the
# test client fails to build the request before the portal sees it. st.text() leaves them out already.
huge = st.builds(lambda ch, n: ch * n, st.characters(exclude_categories=("Cs",)),
                 st.integers(min_value=1000, max_value=20_000))
scalar = st.one_of(nasty_words, st.text(max_size=80), huge, st.integers().map(str))
value = st.one_of(scalar, st.lists(scalar, min_size=2, max_size=4))


def fuzzed_data(field_names):
    keys = st.sampled_from([*field_names, "page", "unexpected_field", "csrfmiddlewaretoken"])
    return st.dictionaries(keys, value, max_size=len(field_names) + 2)


def _counts():
    return Learner.objects.count(), Application.objects.count(), User.objects.count()


APPLICATION_FIELDS = [
    "first_name", "last_name", "email", "phone", "date_of_birth", "postcode", "situation", "preferred_settings",
    "preferred_client_groups", "cannot_work_nights", "cannot_work_sleep_ins", "cannot_work_weekends", "drives",
    "needs_childcare_support", "needs_travel_support", "needs_interview_clothing", "other_barriers", "motivation",
    "source", "source_other",
]


@pytest.fixture
def cohort(locality):
    return CohortFactory(locality=locality)


def _post_saves_nothing_unless_it_succeeded(url, data):
    cache.clear()  # allauth's rate limits would otherwise answer 429 before the form is tried
    before = _counts()
    response = Client().post(url, data)
    assert response.status_code < 500
    if response.status_code != 302:
        assert _counts() == before, f"refused input saved something: {data!r}"
    return response


@FUZZ
@given(data=fuzzed_data(APPLICATION_FIELDS))
def test_the_application_form_survives_malformed_input(cohort, data):
    _post_saves_nothing_unless_it_succeeded(reverse("learners:apply", args=[cohort.pk]), data)


@FUZZ
@given(data=fuzzed_data(["login", "password", "remember"]))
def test_the_sign_in_form_survives_malformed_input(db, data):
    _post_saves_nothing_unless_it_succeeded(reverse("account_login"), data)


@FUZZ
@given(data=fuzzed_data(["email"]))
def test_the_password_reset_form_survives_malformed_input(db, data):
    _post_saves_nothing_unless_it_succeeded(reverse("account_reset_password"), data)


@FUZZ
@given(data=fuzzed_data(["q", "setting", "client_group", "locality", "hours", "no_driving", "no_nights"]))
def test_the_vacancy_guide_filters_survive_malformed_query_strings(db, data):
    VacancyFactory.create()
    client = Client()
    for name in ("vacancies:guide", "vacancies:guide_print"):
        assert client.get(reverse(name), data).status_code < 500


@FUZZ
@given(data=fuzzed_data(["q", "kind", "locality", "programme", "month"]))
def test_programme_pages_survive_malformed_query_strings(cohort, data):
    client = Client()
    assert client.get(reverse("courses:programme_list"), data).status_code < 500
    assert client.get(reverse("courses:programme_detail", args=[cohort.programme.slug]), data).status_code < 500
    assert client.get(reverse("index"), data).status_code < 500


@FUZZ
@given(pk=st.one_of(st.integers(min_value=-(2**70), max_value=2**70), st.just(0)))
def test_public_pages_with_an_id_in_the_path_answer_404_not_500_for_any_number(db, pk):
    client = Client()
    for name in ("learners:apply", "vacancies:public_detail"):
        key = "cohort_pk" if name == "learners:apply" else "pk"
        if pk < 0:
            continue  # the URL patterns accept only digits; a negative id does not route at all
        assert client.get(reverse(name, kwargs={key: pk})).status_code in (200, 302, 404)


def test_a_valid_application_still_goes_through_after_the_fuzzing_setup(cohort):
    """The fuzz tests would be hollow if the form refused everything: a proper submission saves."""
    data = {"first_name": "Sam", "last_name": "Jones", "email": "sam.jones@example.test", "postcode": "FY1 4AB",
            "situation": Learner.Situation.UNEMPLOYED, "motivation": "I cared for my nan and loved it."}
    before = _counts()
    response = Client().post(reverse("learners:apply", args=[cohort.pk]), data)
    assert response.status_code == 302
    assert _counts() == (before[0] + 1, before[1] + 1, before[2] + 1)

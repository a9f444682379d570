"""whole_number reads ids and scores from requests without ever raising."""

import pytest
from django.urls import reverse

from academy.parsing import BIGINT_MAX, whole_number


@pytest.mark.parametrize("text, expected", [
    ("42", 42), (" 7 ", 7), ("007", 7), ("0", 0), (str(BIGINT_MAX), BIGINT_MAX),
    ("", None), (None, None), ("-3", None), ("1e3", None), ("4.0", None), ("²", None), ("١٢", None),
    (str(BIGINT_MAX + 1), None), ("9" * 5000, None), ("0" * 5000, 0),
])
def test_whole_number(text, expected):
    assert whole_number(text) == expected


def test_whole_number_respects_a_maximum():
    assert whole_number("100", maximum=100) == 100
    assert whole_number("101", maximum=100) is None


@pytest.mark.django_db
def test_an_application_with_an_absurdly_long_id_gets_a_message_not_a_server_error(client):
    """4,301 zeros as a work-setting id make int() refuse, and a negative 20-digit id overflows SQLite:
    either way the applicant gets the form's message, not a server error (cases from the fuzz tests)."""
    from tests.factories import CohortFactory

    cohort = CohortFactory()
    for value in ["0" * 4301, "9" * 5000, "²", "-" + "9" * 25, "+" + "9" * 25, str(-BIGINT_MAX - 2)]:
        response = client.post(reverse("learners:apply", args=[cohort.pk]), {"preferred_settings": value})
        assert response.status_code == 200
        assert 'id="error_1_id_preferred_settings"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", [str(BIGINT_MAX + 1), str(-BIGINT_MAX - 2), "-" + "9" * 25, " +" + "9" * 25])
def test_every_lookup_list_refuses_ids_beyond_the_database_range(value):
    """The field behind every tick-list of care settings and client groups (applications, providers,
    vacancies, placement offers): the usual "not one of the choices" message, never a query."""
    from django.core.exceptions import ValidationError

    from academy.forms import LookupChoicesField
    from providers.models import ClientGroup

    with pytest.raises(ValidationError, match="Select a valid choice") as refused:
        LookupChoicesField(queryset=ClientGroup.objects.all(), required=False).clean([value])
    assert refused.value.code == "invalid_choice"


@pytest.mark.django_db
def test_lookup_lists_still_accept_ids_in_range_and_refuse_unknown_ones():
    from django.core.exceptions import ValidationError

    from academy.forms import LookupChoicesField
    from providers.models import ClientGroup

    group = ClientGroup.objects.order_by("pk").first()  # the reference list the migrations load
    field = LookupChoicesField(queryset=ClientGroup.objects.all(), required=False)
    assert list(field.clean([str(group.pk)])) == [group]
    with pytest.raises(ValidationError, match="Select a valid choice"):
        field.clean([str(BIGINT_MAX)])

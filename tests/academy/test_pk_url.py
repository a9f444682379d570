"""{% pk_url %} gives exactly what {% url %} gives, for routes taking one whole number."""

import pytest
from django.template import engines
from django.urls import reverse

from academy.templatetags.portal_urls import pk_url_for


@pytest.mark.parametrize("viewname", ["learners:detail", "learners:screening", "learners:cohort_board",
                                      "courses:cohort_detail", "placements:matches"])
@pytest.mark.parametrize("pk", [1, 42, 918273])
def test_it_matches_reverse(viewname, pk):
    assert pk_url_for(viewname, pk) == reverse(viewname, args=[pk])


def test_the_tag_renders_the_same_link_as_the_url_tag():
    render = engines["django"].from_string(
        "{% load portal_urls %}{% pk_url 'learners:detail' pk %}|{% url 'learners:detail' pk %}").render
    ours, django = render({"pk": 77}).split("|")
    assert ours == django == "/learners/77/"


def test_a_route_without_a_number_is_refused():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch, match="learners:me|'me'"):
        pk_url_for("learners:me", 1)


def test_a_value_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="invalid literal"):
        pk_url_for("learners:detail", "1/../../admin")

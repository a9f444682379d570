"""The GOV.UK error summary every form page shows: each error once, linked to its field, the page title
starting "Error: ", and the script that moves the focus to the summary."""

import re

import pytest
from django.urls import reverse

from academy.templatetags.portal_forms import error_summary_items
from learners.forms import ApplicationForm
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def _summary(body: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', body, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def _apply_form(**overrides):
    data = {"first_name": "Manda", "last_name": "Rigby", "email": "manda@example.test", "phone": "abc",
            "postcode": "FY8 4AB", "situation": "", "motivation": "x"}
    data.update(overrides)
    return data


def test_the_summary_lists_each_error_as_a_link_to_its_field(client, locality):
    cohort = CohortFactory(locality=locality)
    body = client.post(reverse("learners:apply", args=[cohort.pk]), _apply_form()).content.decode()
    summary = _summary(body)
    assert "There is a problem" in summary
    assert 'href="#id_phone">Enter a phone number with its area code' in summary
    assert 'href="#id_motivation">Tell us in at least 5 words' in summary
    # A group of radios is linked by its first radio.
    assert 'href="#id_situation_0">This field is required.' in summary
    for target in ("id_phone", "id_motivation", "id_situation_0"):
        assert f'id="{target}"' in body
    assert 'data-error-summary' in summary and 'tabindex="-1"' in summary


def test_each_message_appears_once_in_the_summary_and_once_at_its_field(client, locality):
    cohort = CohortFactory(locality=locality)
    body = client.post(reverse("learners:apply", args=[cohort.pk]), _apply_form()).content.decode()
    message = "Enter a phone number with its area code, like 01253 477000 or 07123 456789."
    assert _summary(body).count(message) == 1
    assert body.count(message) == 2


def test_a_whole_form_error_is_shown_once_in_the_summary_not_again_by_crispy(client_for, learner, locality):
    cohort = CohortFactory(locality=locality)
    url = reverse("learners:apply", args=[cohort.pk])
    form = _apply_form(email=learner.user.email, phone="07123 456789", situation="unemployed",
                       motivation="I looked after my grandad for years.")
    client_for(learner.user).post(url, form)
    body = client_for(learner.user).post(url, form).content.decode()
    assert "already applied" in _summary(body)
    assert body.count("already applied") == 1


def test_the_page_title_starts_with_error_when_the_form_has_errors(client, locality):
    cohort = CohortFactory(locality=locality)
    url = reverse("learners:apply", args=[cohort.pk])
    assert "<title>Error: Apply for" in client.post(url, _apply_form()).content.decode()
    assert "<title>Apply for" in client.get(url).content.decode()


def test_every_page_loads_the_script_that_focuses_the_summary(client):
    body = client.get(reverse("index")).content.decode()
    assert 'src="/static/js/error_summary.js"' in body


def test_the_same_message_on_the_same_field_is_listed_once():
    form = ApplicationForm(data={})
    form.is_valid()
    form.add_error("first_name", "This field is required.")
    items = error_summary_items(form)
    anchors = [item["anchor"] for item in items]
    assert anchors.count("id_first_name") == 1
    assert error_summary_items(ApplicationForm()) == []


def test_the_sign_in_page_uses_the_summary(client, learner):
    response = client.post(reverse("account_login"), {"login": learner.user.email, "password": "wrong"})
    body = response.content.decode()
    assert "<title>Error: " in body
    summary = _summary(body)
    assert "not correct" in summary
    assert body.count("not correct") == 1

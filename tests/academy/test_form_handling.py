"""The shared helper that puts a service's ValidationError on a form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from academy.form_handling import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField()
    email = forms.EmailField(required=False)


def _valid_form():
    form = NameForm(data={"name": "Ada", "email": "ada@example.org"})
    assert form.is_valid()
    return form


def test_a_field_error_lands_on_its_field():
    form = _valid_form()
    add_service_errors(form, ValidationError({"name": "That name is taken."}))
    assert form.errors == {"name": ["That name is taken."]}
    assert form.non_field_errors() == []


def test_a_non_field_error_lands_in_non_field_errors():
    form = _valid_form()
    add_service_errors(form, ValidationError({NON_FIELD_ERRORS: "The cohort is full."}))
    assert form.non_field_errors() == ["The cohort is full."]
    assert "name" not in form.errors


def test_an_error_without_a_field_lands_in_non_field_errors():
    form = _valid_form()
    add_service_errors(form, ValidationError(["Not allowed yet.", "Screen the learner first."]))
    assert form.non_field_errors() == ["Not allowed yet.", "Screen the learner first."]


def test_an_error_on_a_field_the_form_does_not_have_becomes_a_non_field_error():
    form = _valid_form()
    add_service_errors(form, ValidationError({"cohort": "The cohort has started.", "name": "Too short."}))
    assert form.non_field_errors() == ["The cohort has started."]
    assert form.errors["name"] == ["Too short."]


def test_what_the_person_typed_is_kept():
    form = _valid_form()
    add_service_errors(form, ValidationError({"email": "Use your work address."}))
    assert form["name"].value() == "Ada"
    assert form["email"].value() == "ada@example.org"
    assert "email" not in form.cleaned_data


def test_message_parameters_are_filled_in():
    form = _valid_form()
    add_service_errors(form, ValidationError("Only %(n)s places left.", params={"n": 2}))
    assert form.non_field_errors() == ["Only 2 places left."]

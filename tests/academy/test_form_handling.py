"""The shared helpers that put a service's answer on a page: on the form, or as a message."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from academy.form_handling import add_service_errors, handle_action, handle_form


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


# --- handle_form and handle_action: what a page does with a service's answer ------------------------


def _request(rf, method="post", data=None):
    from django.contrib.messages.storage.cookie import CookieStorage

    request = getattr(rf, method)("/page/", data or {})
    request._messages = CookieStorage(request)
    return request


def _messages(request):
    return [(m.level_tag, m.message) for m in request._messages]


def test_handle_form_does_nothing_on_a_get(rf):
    request = _request(rf, "get")
    calls = []
    assert handle_form(request, NameForm(), lambda: calls.append(1), success_message="Saved.",
                       success_url="/done/") is None
    assert calls == []
    assert _messages(request) == []


def test_handle_form_does_not_call_the_service_on_invalid_input(rf):
    request = _request(rf, data={"name": ""})
    form = NameForm(request.POST)
    calls = []
    assert handle_form(request, form, lambda: calls.append(1), success_message="Saved.",
                       success_url="/done/") is None
    assert calls == []
    assert "name" in form.errors


def test_handle_form_puts_a_refusal_on_the_form_and_keeps_the_input(rf):
    request = _request(rf, data={"name": "Ada"})
    form = NameForm(request.POST)

    def refuse():
        raise ValidationError({"name": "That name is taken."})

    assert handle_form(request, form, refuse, success_message="Saved.", success_url="/done/") is None
    assert form.errors == {"name": ["That name is taken."]}
    assert form["name"].value() == "Ada"
    assert _messages(request) == []


def test_handle_form_says_so_and_redirects_on_success(rf):
    request = _request(rf, data={"name": "Ada"})
    form = NameForm(request.POST)
    response = handle_form(request, form, lambda: {"pk": 7},
                           success_message=lambda saved: f"Saved number {saved['pk']}.",
                           success_url=lambda saved: f"/things/{saved['pk']}/")
    assert response.status_code == 302
    assert response.url == "/things/7/"
    assert _messages(request) == [("success", "Saved number 7.")]


def test_handle_action_says_what_the_service_refused(rf):
    request = _request(rf)

    def refuse():
        raise ValidationError(["Not yet.", "Screen the learner first."])

    handle_action(request, refuse, success_message="Done.")
    assert _messages(request) == [("error", "Not yet. Screen the learner first.")]


def test_handle_action_says_so_on_success(rf):
    request = _request(rf)
    handle_action(request, lambda: "Ada", success_message=lambda name: f"{name} is done.")
    assert _messages(request) == [("success", "Ada is done.")]

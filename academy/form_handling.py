"""How a page's form or button meets a service: success is said as a message, a refusal is shown where the
person sees it (on the form next to what they typed, or as an error message for a button without a form)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def add_service_errors(form, exc: ValidationError) -> None:
    """Puts a service's ValidationError on the form: each error on its field when the form has that field,
    otherwise at the top (non-field errors), so a refusal is never lost and what the person typed stays."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def handle_form(request, form, action, *, success_message, success_url):
    """Runs `action` (the page's service call, taking no arguments) once the form is posted and valid.

    When the service succeeds: shows `success_message` and returns a redirect to `success_url` (a URL
    or a URL name). Either may instead be a function of what `action` returned, for a record that the
    action has just created.
    Otherwise returns None and the view shows its page again: on a GET, on invalid input, or when the
    service refuses, with its reasons now on the form. Access checks stay in the view, before this.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success_message(result) if callable(success_message) else success_message)
    return redirect(success_url(result) if callable(success_url) else success_url)


def handle_action(request, action, *, success_message) -> None:
    """Runs `action` (the service call behind a button with no form to show again) and says how it went:
    `success_message` (text, or a function of what `action` returned) or, when the service refuses, its
    reasons as an error message. The view redirects afterwards either way."""
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success_message(result) if callable(success_message) else success_message)

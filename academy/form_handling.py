"""How a page's form meets a service: the service's refusal is shown on the form, next to what was typed."""

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    """Puts a service's ValidationError on the form: each error on its field when the form has that field,
    otherwise at the top (non-field errors), so a refusal is never lost and what the person typed stays."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)

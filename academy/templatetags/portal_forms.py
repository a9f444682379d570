"""The GOV.UK error summary, for every form page: the list of what is wrong, each linked to its field,
and "Error: " at the start of the page title while a form on the page has errors."""

from django import forms, template

register = template.Library()

# Widgets drawn as a group of inputs (radios, ticks): the link goes to the first one, as GOV.UK's does.
_GROUPED = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _anchor(bound_field) -> str:
    if bound_field.is_hidden:
        return ""
    if isinstance(bound_field.field.widget, _GROUPED):
        return f"{bound_field.auto_id}_0" if bound_field.auto_id else ""
    return bound_field.id_for_label or ""


@register.simple_tag
def error_summary_items(form) -> list[dict]:
    """The form's errors in the order of the page: the whole form's first, then each field's, each once.
    An item has the message and the id of the input it is about ("" when there is none to link to)."""
    if form is None or not getattr(form, "errors", None):
        return []
    items, seen = [], set()
    for message in form.non_field_errors():
        if ("", message) not in seen:
            seen.add(("", message))
            items.append({"anchor": "", "message": message})
    for bound_field in form:
        anchor = _anchor(bound_field)
        for message in bound_field.errors:
            if (anchor, message) not in seen:
                seen.add((anchor, message))
                items.append({"anchor": anchor, "message": message})
    return items


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """'Error: ' when a bound form in the page's context has errors (so screen readers hear it first)."""
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance would evaluate a lazy value (figures a page renders only
        # when its cached fragment is missing) just to learn it is not a form.
        if issubclass(type(value), forms.BaseForm) and value.is_bound and value.errors:
            return "Error: "
    return ""

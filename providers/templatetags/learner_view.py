"""Printing a learner on a row annotated by providers.permissions.annotate_learner_view."""

from django import template

from providers.permissions import learner_label

register = template.Library()


@register.filter
def learner_name(learner, row) -> str:
    """`{{ row.application.learner|learner_name:row }}`: the name if the row says this user may see it,
    "a learner" otherwise (also when the row was not annotated: the filter fails closed)."""
    return learner_label(learner, row)

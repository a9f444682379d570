"""{% pk_url %}: what {% url %} gives for a route taking one whole number, without reversing the route
again for every row of a long table (a reverse costs about as much as rendering the rest of a row)."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

# A number no real id reaches, reversed in place of the id and then swapped for it.
_PLACEHOLDER = 918273645546372819


@lru_cache(maxsize=256)
def _around_the_id(viewname: str, prefix: str, urlconf) -> tuple[str, str]:
    url = reverse(viewname, args=[_PLACEHOLDER], urlconf=urlconf)
    before, found, after = url.partition(str(_PLACEHOLDER))
    if not found or str(_PLACEHOLDER) in after:
        raise ValueError(f"{viewname} does not take one whole number: use {{% url %}}.")
    return before, after


def pk_url_for(viewname: str, pk) -> str:
    before, after = _around_the_id(viewname, get_script_prefix(), get_urlconf())
    return f"{before}{int(pk)}{after}"


@register.simple_tag
def pk_url(viewname, pk):
    """{% pk_url 'learners:detail' learner.pk %} is {% url 'learners:detail' learner.pk %}."""
    return pk_url_for(viewname, pk)


@receiver(setting_changed)
def _forget_routes(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _around_the_id.cache_clear()

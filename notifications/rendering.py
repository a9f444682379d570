"""Filling a message's ((placeholders)), and checking a template uses only those its event offers."""

import re

from django.core.exceptions import ValidationError

PLACEHOLDER = re.compile(r"\(\(([^()]*)\)\)")


def placeholders_in(text: str) -> list[str]:
    return [name.strip() for name in PLACEHOLDER.findall(text or "")]


def unknown_placeholders(text: str, allowed) -> list[str]:
    return sorted({name for name in placeholders_in(text) if name not in allowed})


def placeholders_check(*, field: str, text: str, allowed) -> None:
    """Refuses a wording with a placeholder the event does not offer, naming it and the ones it does."""
    unknown = unknown_placeholders(text, allowed)
    if unknown:
        names = ", ".join(f"(({name}))" for name in unknown)
        offered = ", ".join(f"(({name}))" for name in sorted(allowed))
        raise ValidationError({field: (
            f"This message cannot use {names}: it is not one of its placeholders. Check the spelling, "
            f"or use one of: {offered}.")}, code="unknown_placeholder")


def render(text: str, values: dict, *, keep=frozenset()) -> str:
    """The text with each placeholder replaced by its value; those in `keep` are left to fill later."""
    def fill(match):
        name = match.group(1).strip()
        if name in keep:
            return match.group(0)
        return str(values.get(name, ""))

    return PLACEHOLDER.sub(fill, text or "")

"""The rule every recorded event shares: it happened, so its date is not after today."""

from django.core.exceptions import ValidationError
from django.utils import timezone


def not_in_future(value, label: str = "The date", *, field: str | None = None, code: str = "future_date"):
    """Returns `value`, or refuses a date after today with "<label> cannot be in the future.": on `field`
    when a service names it, or as the error of the form field being cleaned when it does not."""
    if value and value > timezone.localdate():
        message = f"{label} cannot be in the future."
        raise ValidationError({field: message} if field else message, code=code)
    return value

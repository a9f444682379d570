"""Date rules every app shares: a recorded event is not after today; months are calendar months."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone


def not_in_future(value, label: str = "The date", *, field: str | None = None, code: str = "future_date"):
    """Returns `value`, or refuses a date after today with "<label> cannot be in the future.": on `field`
    when a service names it, or as the error of the form field being cleaned when it does not."""
    if value and value > timezone.localdate():
        message = f"{label} cannot be in the future."
        raise ValidationError({field: message} if field else message, code=code)
    return value


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (earlier if negative); the month's last day when it is
    shorter (31 January + 1 month is 28 or 29 February)."""
    return day + relativedelta(months=months)

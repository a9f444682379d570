"""How the portal writes money, pay and phone numbers, in one place: "£24,500 a year", "£11.44 an hour",
"07123 456789". Every page that shows pay or a phone number uses these filters."""

from decimal import Decimal, InvalidOperation

from django import template

from academy.phones import display_phone

register = template.Library()

# A vacancy's pay period (Vacancy.PayPeriod values) as the words after the amount.
PAY_PERIOD_WORDS = {"hourly": "an hour", "annual": "a year"}


@register.filter
def money(value) -> str:
    """'£24,500' for a whole number of pounds, '£11.44' otherwise; '' for nothing."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


@register.filter
def pay(amount, period="") -> str:
    """'£24,500 a year' or '£11.44 an hour', from an amount and a Vacancy.PayPeriod value."""
    words = PAY_PERIOD_WORDS.get(str(period), "")
    shown = money(amount)
    return f"{shown} {words}" if shown and words else shown


@register.filter
def phone(value) -> str:
    """A stored (E.164) phone number as people write it: 01253 477000."""
    return display_phone(value)

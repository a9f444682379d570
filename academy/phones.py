"""The phone number rule, shared by the application form, the learner's own details page and enquiries.

Numbers are checked with libphonenumber (the `phonenumbers` package), read as UK numbers unless they start
with +, and stored in one format: E.164 (+447123456789). Pages show them the way people write them
(07123 456789) with the `phone` template filter.
"""

import phonenumbers
from django.core.exceptions import ValidationError

BAD_PHONE = "Enter a phone number with its area code, like 01253 477000 or 07123 456789."


def normalise_uk_phone(value: str) -> str:
    """Returns the number in E.164 (+441253477000), "" for a blank one, or raises ValidationError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(BAD_PHONE, code="bad_phone") from exc
    # E.164 has no room for an extension: a number with one is refused rather than stored without it.
    if not phonenumbers.is_valid_number(number) or number.extension:
        raise ValidationError(BAD_PHONE, code="bad_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    """A stored number as people write it: UK numbers in the national format, others in the international."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, fmt)

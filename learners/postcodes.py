"""The UK postcode rule, shared by the application form and the learner's own details page."""

import re

from django.core.exceptions import ValidationError

# Full UK postcode: outward code (area, district) and inward code (sector, unit). GIR 0AA is the one oddity.
UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_uk_postcode(value: str) -> str:
    """Returns the postcode in capitals with one space before the last three characters, or raises."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not UK_POSTCODE.match(compact):
        raise ValidationError("Enter a full UK postcode, for example FY1 4AB.", code="bad_postcode")
    return f"{compact[:-3]} {compact[-3:]}"

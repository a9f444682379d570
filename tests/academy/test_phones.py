"""The one phone number rule (academy.phones): read as UK numbers, stored in E.164, shown as people write them."""

import pytest
from django.core.exceptions import ValidationError

from academy.phones import display_phone, normalise_uk_phone
from academy.templatetags.portal_format import phone


@pytest.mark.parametrize("typed,stored", [
    ("07123 456789", "+447123456789"), ("07123456789", "+447123456789"), ("+44 7123 456789", "+447123456789"),
    ("(01253) 477000", "+441253477000"), ("0044 1253 477000", "+441253477000"), ("+33 1 23 45 67 89", "+33123456789"),
    ("", ""), ("   ", ""),
])
def test_numbers_that_can_be_dialled_are_stored_in_e164(typed, stored):
    assert normalise_uk_phone(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "x", "12345", "0712345678901234", "07123 456789 ext 4", "07700 900123"])
def test_numbers_that_cannot_be_dialled_are_refused_in_plain_english(typed):
    # 07700 900xxx is Ofcom's range for TV and radio drama: no real person has one.
    with pytest.raises(ValidationError, match="Enter a phone number with its area code"):
        normalise_uk_phone(typed)


def test_stored_numbers_are_shown_as_people_write_them():
    assert display_phone("+447123456789") == "07123 456789"
    assert phone("+441253477000") == "01253 477000"
    assert display_phone("+33123456789") == "+33 1 23 45 67 89"
    assert display_phone("ring after 6") == "ring after 6"  # an old value the migration could not read
    assert phone("") == ""

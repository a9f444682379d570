"""Passwords made of one repeated character pass a length check but are refused."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "abcdabcdabcdabcd"])
def test_a_password_with_too_few_different_characters_is_refused(password):
    with pytest.raises(ValidationError, match="too few different characters"):
        validate_password(password, user=UserFactory())


def test_a_varied_password_is_accepted():
    validate_password("copper-kettle-81-moss", user=UserFactory())

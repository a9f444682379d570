"""Passwords: at least 12 characters, not a common one, not one repeated pattern, and no composition rules."""

import pytest
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories.academy import PASSWORD


def test_validators_are_length_12_common_and_similarity_with_no_composition_rules():
    names = {type(v).__name__ for v in get_default_password_validators()}
    assert names == {"UserAttributeSimilarityValidator", "MinimumLengthValidator",
                     "CommonPasswordValidator", "NumericPasswordValidator", "DistinctCharactersValidator"}
    lengths = [v.min_length for v in get_default_password_validators() if hasattr(v, "min_length")]
    assert lengths == [12]


@pytest.mark.parametrize("password", ["short-pass1", "abcdefghijk"])
def test_eleven_characters_are_too_few(password):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password(password)


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop123", "administrator"])
def test_common_passwords_are_refused(password):
    with pytest.raises(ValidationError, match="too common"):
        validate_password(password)


@pytest.mark.parametrize("password", ["plain lowercase words only", "longenoughwithoutdigits", "ЖЖЖЖ-кириллица-ok"])
def test_long_passwords_need_no_digits_capitals_or_symbols(password):
    validate_password(password)  # no composition rules: raises nothing


def _change(client, new):
    return client.post(reverse("account_change_password"),
                       {"oldpassword": PASSWORD, "password1": new, "password2": new})


def test_the_change_password_page_refuses_a_short_password_and_says_why(client_for, learner):
    response = _change(client_for(learner.user), "tooshort1")
    assert response.status_code == 200
    body = response.content.decode()
    assert "at least 12 characters" in body
    assert 'aria-invalid="true"' in body
    learner.user.refresh_from_db()
    assert learner.user.check_password(PASSWORD)


def test_the_change_password_page_accepts_a_long_passphrase(client_for, learner):
    response = _change(client_for(learner.user), "tea and toast at seven")
    assert response.status_code == 302
    learner.user.refresh_from_db()
    assert learner.user.check_password("tea and toast at seven")

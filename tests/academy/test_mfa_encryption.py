"""TOTP secrets and recovery-code seeds are stored encrypted (academy.mfa_encryption)."""

import importlib
import json
import string

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import decrypt, encrypt
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from academy import mfa_encryption
from academy.checks import check_mfa_encryption_key
from tests.factories import UserFactory
from tests.factories.academy import PASSWORD, TOTP_SECRET
from tests.mfa_codes import current_totp_code

MIGRATION = importlib.import_module("academy.migrations.0004_encrypt_mfa_secrets")
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
PLAIN_SEED = "ab12" * 20  # allauth's seeds are 80 hex characters


def _sign_in_with_totp(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(user)}, follow=True)
    return response.redirect_chain[-1][0] if response.redirect_chain else None


def _stored(user, kind):
    return Authenticator.objects.get(user=user, type=kind).data


def test_allauth_goes_through_our_adapter(settings):
    from allauth.mfa.adapter import get_adapter

    from academy.adapters import MFAAdapter

    assert settings.MFA_ADAPTER == "academy.adapters.MFAAdapter"
    assert isinstance(get_adapter(), MFAAdapter)


def test_the_stored_totp_secret_and_recovery_seed_are_not_plain_text(staff):
    totp = _stored(staff, "totp")
    assert TOTP_SECRET not in json.dumps(totp)
    assert mfa_encryption.looks_like_token(totp["secret"])
    assert decrypt(totp["secret"]) == TOTP_SECRET

    recovery = _stored(staff, "recovery_codes")
    assert mfa_encryption.looks_like_token(recovery["seed"])
    seed = decrypt(recovery["seed"])
    assert len(seed) == 80 and set(seed) <= set(string.hexdigits) and seed not in json.dumps(recovery)


def test_each_encryption_gives_a_different_token_for_the_same_secret():
    assert encrypt(TOTP_SECRET) != encrypt(TOTP_SECRET)


def test_without_a_configured_key_the_key_is_derived_from_the_secret_key(settings, staff):
    settings.MFA_ENCRYPTION_KEY = []
    token = encrypt(TOTP_SECRET)
    derived = Fernet(mfa_encryption.derive_key(settings.SECRET_KEY))
    assert derived.decrypt(token.encode()).decode() == TOTP_SECRET
    assert mfa_encryption.derive_key(settings.SECRET_KEY) != mfa_encryption.derive_key(settings.SECRET_KEY + "x")

    settings.SECRET_KEY += "-rotated"  # without an explicit key, a new SECRET_KEY opens nothing
    with pytest.raises(mfa_encryption.UndecryptableSecret, match="DJANGO_MFA_ENCRYPTION_KEY"):
        decrypt(token)


def test_a_configured_key_encrypts_and_old_rows_from_the_derived_key_still_open(settings, client, db):
    settings.MFA_ENCRYPTION_KEY = []
    user = UserFactory(staff=True, email="before-the-key@example.test")  # stored with the derived key
    settings.MFA_ENCRYPTION_KEY = [NEW_KEY]
    assert Fernet(NEW_KEY).decrypt(encrypt("X").encode()) == b"X"
    assert _sign_in_with_totp(client, user) == "/academy/"


def test_rotation_a_secret_under_the_old_key_still_signs_in_with_the_new_key_first(settings, client, db):
    settings.MFA_ENCRYPTION_KEY = [OLD_KEY]
    user = UserFactory(staff=True, email="rotated@example.test")
    old_token = _stored(user, "totp")["secret"]
    assert Fernet(OLD_KEY).decrypt(old_token.encode()).decode() == TOTP_SECRET

    settings.MFA_ENCRYPTION_KEY = f"{NEW_KEY},{OLD_KEY}"  # the environment's form: newest first
    assert _sign_in_with_totp(client, user) == "/academy/"
    assert Fernet(NEW_KEY).decrypt(encrypt("new").encode()) == b"new"  # new secrets use the new key

    # A recovery code still works as well (its seed is under the old key too).
    client.post(reverse("account_logout"))
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]}, follow=True)
    assert response.redirect_chain[-1][0] == "/academy/"


def test_mfa_reencrypt_moves_every_secret_to_the_newest_key(settings, client, db):
    settings.MFA_ENCRYPTION_KEY = [OLD_KEY]
    user = UserFactory(staff=True, email="reencrypt@example.test")
    settings.MFA_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]
    call_command("mfa_reencrypt", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for data, field in ((_stored(user, "totp"), "secret"), (_stored(user, "recovery_codes"), "seed")):
        Fernet(NEW_KEY).decrypt(data[field].encode())  # raises if it were still under the old key

    settings.MFA_ENCRYPTION_KEY = [NEW_KEY]  # the old key can go now
    assert _sign_in_with_totp(client, user) == "/academy/"


def test_a_secret_under_a_key_no_longer_listed_cannot_be_read(settings, db):
    settings.MFA_ENCRYPTION_KEY = [OLD_KEY]
    token = encrypt(TOTP_SECRET)
    settings.MFA_ENCRYPTION_KEY = [NEW_KEY]
    with pytest.raises(mfa_encryption.UndecryptableSecret):
        decrypt(token)


def test_plain_secrets_and_seeds_never_look_like_tokens():
    assert not mfa_encryption.looks_like_token(TOTP_SECRET)
    assert not mfa_encryption.looks_like_token(PLAIN_SEED)
    assert not mfa_encryption.looks_like_token("gAAAAAnot-a-token")
    assert mfa_encryption.looks_like_token(encrypt(TOTP_SECRET))


# The data migration (0004_encrypt_mfa_secrets) ------------------------------------------------


def _plain_rows(user):
    """Store the user's authenticators in plain text, as the rows stood before the migration."""
    Authenticator.objects.filter(user=user, type="totp").update(data={"secret": TOTP_SECRET})
    Authenticator.objects.filter(user=user, type="recovery_codes").update(
        data={"seed": PLAIN_SEED, "used_mask": 3, "migrated_codes": ["12345678", "87654321"]})


def test_the_migration_encrypts_plain_rows_and_sign_in_works_afterwards(staff, client):
    _plain_rows(staff)
    MIGRATION.encrypt_mfa_secrets(apps, None)

    totp, recovery = _stored(staff, "totp"), _stored(staff, "recovery_codes")
    assert TOTP_SECRET not in json.dumps(totp) and PLAIN_SEED not in json.dumps(recovery)
    assert decrypt(totp["secret"]) == TOTP_SECRET and decrypt(recovery["seed"]) == PLAIN_SEED
    assert [decrypt(c) for c in recovery["migrated_codes"]] == ["12345678", "87654321"]
    assert recovery["used_mask"] == 3  # the rest of the data is untouched
    assert _sign_in_with_totp(client, staff) == "/academy/"


def test_the_migration_leaves_encrypted_rows_exactly_as_they_are(staff):
    before = {a.pk: a.data for a in Authenticator.objects.filter(user=staff)}
    MIGRATION.encrypt_mfa_secrets(apps, None)
    MIGRATION.encrypt_mfa_secrets(apps, None)
    assert {a.pk: a.data for a in Authenticator.objects.filter(user=staff)} == before


def test_the_migration_refuses_to_wrap_a_token_it_cannot_open(settings, staff):
    settings.MFA_ENCRYPTION_KEY = [OLD_KEY]
    foreign = Fernet(NEW_KEY).encrypt(TOTP_SECRET.encode()).decode()
    Authenticator.objects.filter(user=staff, type="totp").update(data={"secret": foreign})
    with pytest.raises(mfa_encryption.UndecryptableSecret):
        MIGRATION.encrypt_mfa_secrets(apps, None)
    assert _stored(staff, "totp") == {"secret": foreign}


def test_the_migration_reverse_puts_the_secrets_back_in_plain_text(staff):
    _plain_rows(staff)
    MIGRATION.encrypt_mfa_secrets(apps, None)
    MIGRATION.decrypt_mfa_secrets(apps, None)
    assert _stored(staff, "totp") == {"secret": TOTP_SECRET}
    assert _stored(staff, "recovery_codes") == {"seed": PLAIN_SEED, "used_mask": 3,
                                                "migrated_codes": ["12345678", "87654321"]}
    MIGRATION.decrypt_mfa_secrets(apps, None)  # and running it twice changes nothing
    assert _stored(staff, "totp") == {"secret": TOTP_SECRET}


# The system check ---------------------------------------------------------------------------


def _check_ids():
    return [message.id for message in check_mfa_encryption_key(None)]


def test_the_check_warns_in_production_without_a_key(settings):
    settings.DEBUG, settings.MFA_ENCRYPTION_KEY = False, []
    assert _check_ids() == ["academy.W001"]
    assert "lock every MFA user out" in check_mfa_encryption_key(None)[0].msg


@pytest.mark.parametrize(("debug", "keys"), [(True, []), (False, [NEW_KEY]), (True, [NEW_KEY, OLD_KEY])])
def test_the_check_is_quiet_with_debug_on_or_a_key_set(settings, debug, keys):
    settings.DEBUG, settings.MFA_ENCRYPTION_KEY = debug, keys
    assert _check_ids() == []


def test_the_check_reports_a_key_that_is_not_a_fernet_key(settings):
    settings.DEBUG, settings.MFA_ENCRYPTION_KEY = False, [NEW_KEY, "not-a-key"]
    assert _check_ids() == ["academy.E001"]
    assert "key 2" in check_mfa_encryption_key(None)[0].msg

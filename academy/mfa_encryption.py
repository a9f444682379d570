"""Encryption at rest for the MFA secrets allauth keeps in mfa_authenticator.data.

allauth stores a TOTP authenticator's base32 secret under "secret", the seed its recovery codes
are derived from under "seed" and, for codes imported from elsewhere, "migrated_codes". Anyone
with those values can produce valid codes, so they are stored as Fernet tokens (AES-128-CBC with
an HMAC-SHA256, from the `cryptography` package). allauth calls academy.adapters.MFAAdapter's
encrypt()/decrypt() whenever it writes or reads them; this module does the work for the adapter,
the data migration and the mfa_reencrypt command.

Keys: settings.MFA_ENCRYPTION_KEY (env DJANGO_MFA_ENCRYPTION_KEY), a list of Fernet keys, newest
first. New values are encrypted with the first; any of them decrypts (MultiFernet), so a new key
can be put in front without locking anyone out, and `manage.py mfa_reencrypt` then moves every
row to it. A key derived from SECRET_KEY with HKDF always comes last: it is the only key when
none is configured (the laptop demo needs nothing), and it keeps rows written before a key was
configured readable until they are re-encrypted.
"""

import base64
import binascii
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# HKDF inputs naming what the derived key is for, so it can never equal a key SECRET_KEY gives
# anything else.
HKDF_SALT = b"care-academy-portal/mfa-secrets-at-rest"
HKDF_INFO = b"Fernet key for allauth.mfa Authenticator.data (TOTP secrets, recovery-code seeds)"

# The keys of Authenticator.data that hold a secret string, and those that hold a list of them.
SECRET_FIELDS = ("secret", "seed")
SECRET_LIST_FIELDS = ("migrated_codes",)

FERNET_VERSION_BYTE = 0x80


class UndecryptableSecret(ImproperlyConfigured):
    """A stored MFA secret is a Fernet token that none of the configured keys opens."""


def configured_keys() -> list[str]:
    """The explicitly configured keys, newest first (empty when none is set)."""
    value = getattr(settings, "MFA_ENCRYPTION_KEY", None) or []
    if isinstance(value, str):
        value = value.split(",")
    return [key.strip() for key in value if key and key.strip()]


def derive_key(secret_key: str) -> bytes:
    """The Fernet key HKDF-SHA256 derives from SECRET_KEY for this one purpose."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


@functools.lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, binascii.Error):
            raise ImproperlyConfigured(
                f"DJANGO_MFA_ENCRYPTION_KEY: key {position} is not a Fernet key (32 url-safe "
                "base64-encoded bytes; make one with `python -c \"from cryptography.fernet import "
                "Fernet; print(Fernet.generate_key().decode())\"`)."
            ) from None
    fernets.append(Fernet(derive_key(secret_key)))
    return MultiFernet(fernets)


def multifernet() -> MultiFernet:
    """Encrypts with the newest key, decrypts with any (cached per settings, so tests can switch)."""
    return _multifernet(tuple(configured_keys()), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return multifernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The plain text of a token; UndecryptableSecret if no configured key opens it."""
    try:
        return multifernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableSecret(
            "An MFA secret in the database cannot be decrypted with the configured keys: was "
            "DJANGO_MFA_ENCRYPTION_KEY (or, without it, DJANGO_SECRET_KEY) changed without keeping "
            "the old key in DJANGO_MFA_ENCRYPTION_KEY?"
        ) from None


def looks_like_token(value) -> bool:
    """True for anything shaped like a Fernet token (whichever key made it).

    Plain TOTP secrets are base32 (A-Z, 2-7) and allauth's recovery seeds hex, so neither can
    start with the version byte 0x80 ("gA" in url-safe base64).
    """
    if not isinstance(value, str) or not value.startswith("gA"):
        return False
    try:
        raw = base64.urlsafe_b64decode(value.encode())
    except (binascii.Error, ValueError):
        return False
    return len(raw) >= 57 and raw[0] == FERNET_VERSION_BYTE  # version, time, IV, >=1 block, HMAC


def _encrypted(value: str) -> str:
    if looks_like_token(value):
        decrypt(value)  # raises if no key opens it: never wrap a token in a second layer
        return value
    return encrypt(value)


def _decrypted(value: str) -> str:
    return decrypt(value) if looks_like_token(value) else value


def _reencrypted(value: str) -> str:
    if not looks_like_token(value):
        return encrypt(value)
    try:
        return multifernet().rotate(value.encode()).decode("ascii")
    except InvalidToken:
        decrypt(value)  # raises UndecryptableSecret with the explanation
        raise


def _map_secrets(data: dict, transform) -> dict:
    """A copy of Authenticator.data with transform applied to every secret in it."""
    result = dict(data)
    for field in SECRET_FIELDS:
        if isinstance(result.get(field), str):
            result[field] = transform(result[field])
    for field in SECRET_LIST_FIELDS:
        if isinstance(result.get(field), list):
            result[field] = [transform(v) if isinstance(v, str) else v for v in result[field]]
    return result


def encrypted_data(data: dict) -> dict:
    """Plain secrets encrypted; ones already encrypted with a configured key left exactly as they are."""
    return _map_secrets(data, _encrypted)


def decrypted_data(data: dict) -> dict:
    """Encrypted secrets back in plain text; plain ones left as they are."""
    return _map_secrets(data, _decrypted)


def reencrypted_data(data: dict) -> dict:
    """Every secret encrypted with the newest key (plain ones too)."""
    return _map_secrets(data, _reencrypted)


def transform_authenticators(Authenticator, data_function) -> int:  # noqa: N803 - a model class
    """Apply data_function to the data of every authenticator; saves and counts the rows it changes.

    Takes the model as an argument so that migrations can pass their historical model.
    """
    changed = 0
    for authenticator in Authenticator.objects.order_by("pk").iterator():
        if not isinstance(authenticator.data, dict):
            continue
        new_data = data_function(authenticator.data)
        if new_data != authenticator.data:
            authenticator.data = new_data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed

"""TOTP codes computed the way an authenticator app would, for tests that sign in for real."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt


def totp_code_for_secret(secret: str, *, margin: float = 5.0) -> str:
    """A code that is still valid when the server checks it: allauth accepts only the current period
    (MFA_TOTP_TOLERANCE 0), so a code made in the last seconds of a period and checked in the next one
    is refused. Like a person watching their app's countdown, wait for a fresh code instead."""
    period = app_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < margin:
        time.sleep(remaining + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def current_totp_code(user) -> str:
    """The code for the user's stored (encrypted) TOTP secret."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code_for_secret(decrypt(authenticator.data["secret"]))

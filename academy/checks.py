"""System checks for settings that `manage.py check --deploy` should catch before production does."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from . import mfa_encryption


@register(Tags.security, deploy=True)
def check_mfa_encryption_key(app_configs, **kwargs):
    """MFA secrets need keys that parse, and in production a key of their own."""
    try:
        mfa_encryption.multifernet()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="academy.E001")]
    if not settings.DEBUG and not mfa_encryption.configured_keys():
        return [Warning(
            "DJANGO_MFA_ENCRYPTION_KEY is not set, so TOTP secrets and recovery-code seeds are "
            "encrypted with a key derived from DJANGO_SECRET_KEY: rotating DJANGO_SECRET_KEY would "
            "lock every MFA user out.",
            hint="Set DJANGO_MFA_ENCRYPTION_KEY to a Fernet key (python -c \"from cryptography.fernet "
                 "import Fernet; print(Fernet.generate_key().decode())\"), then run "
                 "`manage.py mfa_reencrypt` once.",
            id="academy.W001",
        )]
    return []

"""Encrypt the TOTP secrets and recovery-code seeds that were stored in plain text.

Idempotent: a value that is already a token one of the configured keys opens is left as it is
(and a token no configured key opens stops the migration rather than being wrapped twice).
The reverse puts every secret back in plain text.
"""

from django.db import migrations

from academy import mfa_encryption


def encrypt_mfa_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    mfa_encryption.transform_authenticators(Authenticator, mfa_encryption.encrypted_data)


def decrypt_mfa_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    mfa_encryption.transform_authenticators(Authenticator, mfa_encryption.decrypted_data)


class Migration(migrations.Migration):

    dependencies = [
        ("academy", "0003_reminderpreference_sentreminder_taskrecord"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_mfa_secrets, decrypt_mfa_secrets, elidable=False),
    ]

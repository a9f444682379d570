from django.core.management.base import BaseCommand
from django.db import transaction

from academy import mfa_encryption


class Command(BaseCommand):
    help = ("Re-encrypt every stored TOTP secret and recovery-code seed with the newest key in "
            "DJANGO_MFA_ENCRYPTION_KEY (after putting a new key first). Safe to run twice.")

    def handle(self, *args, **options):
        from allauth.mfa.models import Authenticator

        with transaction.atomic():
            changed = mfa_encryption.transform_authenticators(Authenticator,
                                                              mfa_encryption.reencrypted_data)
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {changed} authenticator(s)."))
        if mfa_encryption.configured_keys()[1:]:
            self.stdout.write("Every secret now uses the first key: the others can be removed.")

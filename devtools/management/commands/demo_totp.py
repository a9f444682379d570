"""Prints the current two-factor code for a demo login, so nobody needs an authenticator app or oathtool
to try the demo. Only seed_demo's own accounts, and only while they still use the published demo secret."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from academy.models import User
from academy.permissions import MFA_REQUIRED_ROLES
from devtools.stories.academy import DEMO_EMAILS, DEMO_TOTP_SECRET

MFA_DEMO_EMAILS = [email for role, email in DEMO_EMAILS.items() if role in MFA_REQUIRED_ROLES]


class Command(BaseCommand):
    help = "Print the current 6-digit sign-in code for a demo staff or provider login (seed_demo's accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("email", help=f"one of: {', '.join(MFA_DEMO_EMAILS)}")

    def handle(self, *args, email, **options):
        email = email.strip().lower()
        if email not in MFA_DEMO_EMAILS:
            if email in DEMO_EMAILS.values():
                raise CommandError(f"{email} signs in with its password alone: it has no two-factor code.")
            raise CommandError(f"{email} is not a demo login. This command only gives codes for seed_demo's "
                               f"accounts: {', '.join(MFA_DEMO_EMAILS)}.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"{email} does not exist on this database: run `python manage.py seed_demo` first.")
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        # Never reveal a code for a secret someone chose: only the published demo secret.
        if authenticator is None or decrypt(authenticator.data["secret"]) != DEMO_TOTP_SECRET:
            raise CommandError(f"{email} no longer uses the demo authenticator secret, so this command "
                               "cannot give its code.")
        period = app_settings.TOTP_PERIOD
        now = time.time()
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // period))
        self.stdout.write(code)
        self.stderr.write(f"Valid for another {int(period - now % period)} seconds; "
                          "if it runs out before you type it, run the command again.")

from django.core.management.base import BaseCommand

from academy.models import User
from academy.permissions import MFA_REQUIRED_ROLES
from devtools.stories.academy import DEMO_EMAILS, DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo


class Command(BaseCommand):
    help = "Create (or top up) the demo North West academy and its four demo logins. Safe to run twice."

    def handle(self, *args, **options):
        ctx = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo academy ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in DEMO_EMAILS.items():
            second_factor = "  (+ authenticator code)" if role in MFA_REQUIRED_ROLES else ""
            self.stdout.write(f"  {role.label:<16} {email}{second_factor}")
        self.stdout.write(
            "Staff and provider logins then ask for a 6-digit code. Get the current one with\n"
            f"  python manage.py demo_totp {DEMO_EMAILS[User.Role.STAFF]}   (or {DEMO_EMAILS[User.Role.PROVIDER]})\n"
            f"or add the demo TOTP secret {DEMO_TOTP_SECRET} to any authenticator app."
        )
        for line in ctx.extra.get("notes", []):
            self.stdout.write(line)

"""The demo academy for the North West, built by `manage.py seed_demo`.

Every step looks records up by a natural key before creating them, so running
the command again changes nothing. Each app's part is its own module in devtools/stories/.
"""

import random
from dataclasses import dataclass, field

from django.db import transaction

from academy.models import Locality, PartnerOrganisation, User
from academy.permissions import MFA_REQUIRED_ROLES
from academy.services import account_email_mark_verified, account_totp_activate

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed to the person who runs seed_demo
# The demo staff and provider logins need a second factor, as real ones do. Add this secret to
# any authenticator app, or print the current code with `python manage.py demo_totp <email>`. Demo only.
DEMO_TOTP_SECRET = "CAREACADEMYDEMOTOTPSECRETFORDEMO"  # noqa: S105 - printed by seed_demo, in the README
DEMO_EMAILS = {
    User.Role.STAFF: "staff@demo.test",
    User.Role.PROVIDER: "provider@demo.test",
    User.Role.LEARNER: "learner@demo.test",
    User.Role.PARTNER: "partner@demo.test",
}
LOCALITIES = ["Blackpool", "Fylde", "Wyre", "Lancaster", "Wigan", "Rochdale", "Salford", "Liverpool"]
PARTNERS = [
    ("Blackpool Council", PartnerOrganisation.Kind.COUNCIL),
    ("Blackpool and The Fylde College", PartnerOrganisation.Kind.COLLEGE),
    ("Lancashire Teaching Hospitals NHS Foundation Trust", PartnerOrganisation.Kind.NHS),
    ("North West Skills Fund", PartnerOrganisation.Kind.FUNDER),
]


@dataclass
class DemoContext:
    """What the app seeders share: the random source and the records made so far."""

    rng: random.Random
    localities: dict = field(default_factory=dict)
    partners: list = field(default_factory=list)
    staff: User | None = None
    extra: dict = field(default_factory=dict)


def _demo_user(email, role, **extra):
    user, created = User.objects.get_or_create(email=email, defaults={"role": role, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    # Demo addresses count as checked by the academy, so the logins work with mandatory verification.
    account_email_mark_verified(user=user)
    if role in MFA_REQUIRED_ROLES:
        account_totp_activate(user=user, secret=DEMO_TOTP_SECRET)
    return user


@transaction.atomic
def seed_demo() -> DemoContext:
    from devtools.stories.courses import seed_courses
    from devtools.stories.learners import seed_learners
    from devtools.stories.providers import seed_providers

    ctx = DemoContext(rng=random.Random(2026))
    for name in LOCALITIES:
        ctx.localities[name], _ = Locality.objects.get_or_create(name=name)
    for name, kind in PARTNERS:
        org, _ = PartnerOrganisation.objects.get_or_create(name=name, defaults={"kind": kind})
        ctx.partners.append(org)
    ctx.staff = _demo_user(
        DEMO_EMAILS[User.Role.STAFF], User.Role.STAFF, first_name="Sam", last_name="Okafor", is_staff=True
    )
    _demo_user(
        DEMO_EMAILS[User.Role.PARTNER], User.Role.PARTNER,
        first_name="Priya", last_name="Shah", partner_organisation=ctx.partners[0],
    )
    providers = seed_providers(ctx)
    _demo_user(
        DEMO_EMAILS[User.Role.PROVIDER], User.Role.PROVIDER,
        first_name="Jo", last_name="Walsh", provider=providers[0],
    )
    seed_courses(ctx)
    learner_user = _demo_user(DEMO_EMAILS[User.Role.LEARNER], User.Role.LEARNER, first_name="Manda", last_name="Rigby")
    seed_learners(ctx, demo_user=learner_user)
    from devtools.stories.impact import seed_impact

    seed_impact(ctx)
    from devtools.stories.placements import seed_employer_side

    seed_employer_side(ctx)
    from devtools.stories.outcomes import seed_outcome_stories

    seed_outcome_stories(ctx)
    from devtools.stories.reach import seed_reach

    seed_reach(ctx)
    from devtools.stories.staff_day import seed_staff_day_stories

    seed_staff_day_stories(ctx)
    return ctx

"""Unlocking an account whose per-account sign-in limit was reached.

Failed sign-ins are limited per IP and per account (ACCOUNT_RATE_LIMITS["login_failed"]). The account
limit slows someone guessing one account's password from many addresses, but it would also shut the
owner out; so when it is reached the owner is emailed a signed link, valid for UNLOCK_LINK_HOURS,
that clears the account's counter (allauth's own clearing, as after a password reset).
"""

import logging

from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import User

logger = logging.getLogger(__name__)

UNLOCK_SALT = "academy.login-unlock"
UNLOCK_LINK_HOURS = 1


def _sent_marker(user) -> str:
    return f"academy:login-unlock-sent:{user.pk}"


def account_limit_reached(request, *, credentials) -> bool:
    """Whether the per-account part of the failed sign-in limit is used up for these credentials."""
    key = get_adapter()._get_login_attempts_cache_key(request, **credentials)
    rates = [r for r in ratelimit.get_rates(app="allauth.account", action="login_failed") if r.per == "key"]
    return any(
        ratelimit._consume_single_rate(request, app="allauth.account", action="login_failed", rate=rate, key=key,
                                       dry_run=True) is None
        for rate in rates
    )


def unlock_token_make(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=UNLOCK_SALT, compress=True)


def unlock_token_user(token: str) -> User | None:
    """The account a link was made for, if the link is genuine, unexpired and the address unchanged."""
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_LINK_HOURS * 3600)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return User.objects.filter(pk=data.get("user"), email=data.get("email"), is_active=True).first()


def unlock_email_send(request, *, user: User) -> bool:
    """Emails the owner an unlock link, once per lock (until they use it, or the hour is over)."""
    if not cache.add(_sent_marker(user), True, timeout=UNLOCK_LINK_HOURS * 3600):
        return False
    link = request.build_absolute_uri(reverse("academy:login_unlock", args=[unlock_token_make(user)]))
    send_mail(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + "Too many wrong passwords for your account",
        message=render_to_string("academy/email/login_unlock.txt", {
            "link": link, "hours": UNLOCK_LINK_HOURS, "academy_name": settings.ACADEMY_NAME,
            "reset_url": request.build_absolute_uri(reverse("account_reset_password")),
        }),
        from_email=None, recipient_list=[user.email],
    )
    return True


def login_unlock(request, *, user: User) -> None:
    """Clears the account's failed sign-in counter, and lets a new lock send a new email."""
    get_adapter()._delete_login_attempts_cached_email(request, email=user.email)
    cache.delete(_sent_marker(user))

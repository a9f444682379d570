"""Links filled into a message only as it is sent, so no usable secret waits in the outbox."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse


def portal_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def account_set_up_link(user) -> str:
    """A one-time link for a new account to choose its password: allauth's password-reset key (it stops
    working once a password is set, or after PASSWORD_RESET_TIMEOUT), offered as "set up your account".
    The address it goes to is the account's, unverified until a password is chosen through the link."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True, "verified": False})
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return portal_url(path.replace("UID-KEY", key))

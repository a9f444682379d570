"""The sign-in backends: Django's and allauth's, with the user every signed-in request loads (by the
id in its session) read with one SQL statement instead of a compiled queryset (academy.raw_reads).
Who may sign in is decided exactly as before: an inactive user is refused (user_can_authenticate)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends

from .raw_reads import first_row


class UserFromSessionMixin:
    def get_user(self, user_id):
        pk = backends.UserModel._meta.pk
        user = first_row(backends.UserModel, f"{pk.column} = %s", [pk.get_prep_value(user_id)])
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserFromSessionMixin, backends.ModelBackend):
    """Username (email) and password sign-in, as django.contrib.auth's ModelBackend."""


class AuthenticationBackend(UserFromSessionMixin, AllauthBackend):
    """allauth's sign-in (email, codes), as allauth.account.auth_backends.AuthenticationBackend."""

"""Who a signed-in request belongs to: Django's and allauth's sign-in backends and Django's
authentication middleware, with the user taken from the statement that read the session
(academy.sessions) instead of a second query.

Django's own `django.contrib.auth.get_user` still decides everything: which backend signed the
session in, whether the session's password hash still matches, whether the user may sign in at all
(an inactive user may not). Only the user's row comes from the session's statement, and only when
it is the user the session names; otherwise it is read by its id with one written statement."""

from contextvars import ContextVar
from functools import partial

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib import auth
from django.contrib.auth import backends
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.utils.functional import SimpleLazyObject

from .raw_reads import first_row

# The user read with this request's session, while Django's get_user runs for this request.
_user_read_with_session = ContextVar("user_read_with_session", default=None)


class UserFromSessionMixin:
    def get_user(self, user_id):
        user = _user_read_with_session.get()
        if user is None or user.pk != user_id:
            pk = backends.UserModel._meta.pk
            user = first_row(backends.UserModel, f"t0.{pk.column} = %s", [pk.get_prep_value(user_id)])
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserFromSessionMixin, backends.ModelBackend):
    """Username (email) and password sign-in, as django.contrib.auth's ModelBackend."""


class AuthenticationBackend(UserFromSessionMixin, AllauthBackend):
    """allauth's sign-in (email, codes), as allauth.account.auth_backends.AuthenticationBackend."""


def get_user(request):
    """django.contrib.auth.get_user, handed the user read with the session."""
    session = request.session
    session.get(auth.SESSION_KEY)  # loads the session, and with it its user
    token = _user_read_with_session.set(getattr(session, "user_read_with_session", None))
    try:
        return auth.get_user(request)
    finally:
        _user_read_with_session.reset(token)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's authentication middleware (request.user, request.auser), finding the user through
    get_user above."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(partial(get_user, request))

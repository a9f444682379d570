"""An inactivity timeout without a database write on every request.

`SESSION_SAVE_EVERY_REQUEST` would keep the timeout exact, but it makes every signed-in page
write its session back (BEGIN, UPDATE, COMMIT), which under load costs more than the page itself.
Here a session is saved only when something in it changed, or when its expiry was last pushed back
more than `SESSION_REFRESH_SECONDS` ago. So a session still ends after `SESSION_COOKIE_AGE` of
inactivity at the most, and at least `SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS` after the last
request (25-30 minutes with the defaults): never later than the timeout, never in mid-use.

The module is also the session engine (`SESSION_ENGINE = "academy.sessions"`): Django's database
sessions, read with the user they sign in, in one statement sent as written SQL (academy.raw_reads).
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.utils import timezone

from .raw_reads import db_value, first_row

# When this session's expiry was last pushed back (seconds since the epoch), kept in the session.
SESSION_REFRESHED_KEY = "academy.session_refreshed_at"


def _refresh_due(session, now: int) -> bool:
    refreshed = session.get(SESSION_REFRESHED_KEY)
    return not isinstance(refreshed, int) or now - refreshed >= settings.SESSION_REFRESH_SECONDS


class SlidingSessionMiddleware(SessionMiddleware):
    """Django's session middleware, saving a session in use only when it changed or its expiry is due
    to be pushed back. Needs `SESSION_SAVE_EVERY_REQUEST = False`."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        # Only a session this request read: loading one just to stamp it would cost a query on
        # every static file and anonymous page.
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if session.modified or _refresh_due(session, now):
                # Stamping marks the session modified, so Django saves it with a fresh expiry
                # and sends the cookie again with the same age.
                session[SESSION_REFRESHED_KEY] = now
        return super().process_response(request, response)


class SessionStore(DatabaseSessionStore):
    """Django's database sessions, kept in academy.models.Session with the id of the user each one signs
    in, so that loading a session reads its user in the same statement (academy.raw_reads). The rules
    are Django's: a session past its expiry date is not found, and Django's sign-in still decides
    whether the user read with it is signed in (academy.auth_backends)."""

    # The user the loaded session names, read with it (None for no session or no user).
    user_read_with_session = None

    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    def _get_session_from_db(self):
        session = None
        if self.session_key is not None:
            session = first_row(self.model, "t0.session_key = %s AND t0.expire_date > %s",
                                [self.session_key, db_value(self.model, "expire_date", timezone.now())],
                                related="user")
        if session is None:
            self._session_key = None
        self.user_read_with_session = session.user if session is not None else None
        return session


def _user_id(value):
    """The user id a session's data names, as the user table's key, or None."""
    from django.contrib.auth import get_user_model

    try:
        return get_user_model()._meta.pk.to_python(value) if value is not None else None
    except ValidationError:
        return None

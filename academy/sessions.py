"""An inactivity timeout without a database write on every request.

`SESSION_SAVE_EVERY_REQUEST` would keep the timeout exact, but it makes every signed-in page
write its session back (BEGIN, UPDATE, COMMIT), which under load costs more than the page itself.
Here a session is saved only when something in it changed, or when its expiry was last pushed back
more than `SESSION_REFRESH_SECONDS` ago. So a session still ends after `SESSION_COOKIE_AGE` of
inactivity at the most, and at least `SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS` after the last
request (25-30 minutes with the defaults): never later than the timeout, never in mid-use.

The module is also the session engine (`SESSION_ENGINE = "academy.sessions"`): Django's database
sessions, with the one read every signed-in request makes sent as written SQL (academy.raw_reads).
"""

import time

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware
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
    """Django's database sessions; the session is read with one SQL statement instead of a compiled
    queryset (the same row, the same rule: a session past its expiry date is not found)."""

    def _get_session_from_db(self):
        session = None
        if self.session_key is not None:
            session = first_row(self.model, "session_key = %s AND expire_date > %s",
                                [self.session_key, db_value(self.model, "expire_date", timezone.now())])
        if session is None:
            self._session_key = None
        return session

"""Per-IP limits for public pages, with the same mechanism and settings as the login's limits.

allauth keeps its counters in the cache and reads the rates from ACCOUNT_RATE_LIMITS; naming an
action there ("guide_pdf": "10/m/ip") and decorating a view with rate_limited("guide_pdf") limits
that view the same way, including GET requests (allauth itself limits only POSTs).
"""

from functools import wraps

from allauth.core.internal import ratelimit


def rate_limited(action: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not ratelimit.consume(request, app="allauth.account", action=action, limit_get=True):
                return ratelimit.respond_429(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

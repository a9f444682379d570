from functools import wraps

from django.conf import settings
from django.views.decorators.cache import cache_page


def cache_for_anonymous(view):
    """Serves anonymous visitors a page cached for settings.PUBLIC_PAGE_CACHE_SECONDS.

    For public pages that are the same for every visitor with the same query string (the vacancy
    guide: thousands of printed guides point people at it). Signed-in users always get a fresh page,
    and with Redis as the cache every web replica shares the cached copies.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return cache_page(seconds, key_prefix="public")(view)(request, *args, **kwargs)

    return wrapped

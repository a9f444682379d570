from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control
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


def no_store(view):
    """Tells browsers and proxies to keep no copy of the page (Cache-Control: private, no-store).

    For every page that shows DBS or right-to-work details (criminal-offence and immigration data):
    a shared computer's back button or disk cache must not bring them back.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped

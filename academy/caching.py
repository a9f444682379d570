import time
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


# How long a cache entry's builder holds its lock at most (a builder that dies frees it then), and
# how often the others look for the entry meanwhile.
SINGLE_FLIGHT_LOCK_SECONDS = 120
SINGLE_FLIGHT_POLL_SECONDS = 0.05


def cache_get_or_build_once(key, build, seconds, *, wait_seconds=SINGLE_FLIGHT_LOCK_SECONDS):
    """The cached value under `key`, or `build()` stored there for `seconds`, built once however many
    workers (processes or threads) miss at the same moment: the first takes a lock in the shared cache
    (an atomic `add`) and builds; the others wait for its entry. For values that take seconds to build
    (the dashboard's figures): without it, a cold cache under load has every worker build them at once.

    A waiter that sees neither the entry nor the lock after `wait_seconds` builds it itself, so a
    builder that died costs time, not the page. With the cache down (`add` fails open) each builds.
    """
    from django.core.cache import cache

    missing = object()
    value = cache.get(key, missing)
    if value is not missing:
        return value
    lock_key = f"{key}:building"
    deadline = time.monotonic() + wait_seconds
    locked = cache.add(lock_key, 1, SINGLE_FLIGHT_LOCK_SECONDS)
    while not locked and time.monotonic() < deadline:
        time.sleep(SINGLE_FLIGHT_POLL_SECONDS)
        value = cache.get(key, missing)
        if value is not missing:
            return value
        locked = cache.add(lock_key, 1, SINGLE_FLIGHT_LOCK_SECONDS)
    try:
        # Another builder may have finished between our miss and taking the lock.
        value = cache.get(key, missing) if locked else missing
        if value is missing:
            value = build()
            cache.set(key, value, seconds)
        return value
    finally:
        if locked:
            cache.delete(lock_key)

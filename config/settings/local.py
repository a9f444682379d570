"""Development settings, the default of manage.py: a laptop, http://127.0.0.1:8000.

DEBUG on (DJANGO_DEBUG=false turns it off), a fixed insecure key unless DJANGO_SECRET_KEY is given,
plain http (no HTTPS redirect, HSTS or secure-only cookies), static files served from the source
folders, and the development tools (devtools: seed_demo, seed_scale, bench). Everything else, such
as the SQLite file and tasks run in-process without a broker, comes from base.py's defaults.
"""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-laptop-only-key-" + "x" * 40)

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": env("DJANGO_STATICFILES_STORAGE",
                       default="django.contrib.staticfiles.storage.StaticFilesStorage"),
    },
}

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

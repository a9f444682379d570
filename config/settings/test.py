"""Test settings: fast hashing, in-memory email, files in a temporary folder, the development
tools installed (their commands are tested). Otherwise base.py's secure defaults, over plain http."""

import tempfile

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="portal-test-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
PORTAL_BASE_URL = "http://testserver"
NOTIFY_API_KEY = ""
ALLOWED_HOSTS = ["*"]

# Tests change data between requests; the caching tests turn these on themselves.
PUBLIC_PAGE_CACHE_SECONDS = 0
IMPACT_FIGURES_CACHE_SECONDS = 0
GUIDE_RESULTS_CACHE_SECONDS = 0
GUIDE_CHOICES_CACHE_SECONDS = 0
WORKQUEUE_COUNTS_SECONDS = 0

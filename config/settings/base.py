"""Settings shared by every environment, read from the environment (django-environ).

The environments add to these: local.py (a laptop: DEBUG on, the development tools), production.py
(a deployment: a secret key it must be given, the hashed static manifest) and test.py. Nothing here
depends on DEBUG; what is security-relevant defaults to the safe value, and local.py relaxes it.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV", default=True):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = False

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "academy.apps.PortalAdminConfig",  # django.contrib.admin with the login routed through allauth
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "academy",
    "notifications",
    "learners",
    "providers",
    "vacancies",
    "courses",
    "placements",
    "impact",
    "reminders",
    "equality",
    "reach",
    "workqueue",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "academy.sessions.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "academy.middleware.OversizedBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, taking the user from the statement that reads the session (academy.auth_backends).
    "academy.auth_backends.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "academy.middleware.RequireMfaMiddleware",
    "academy.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "academy.context_processors.portal",
            ],
        },
    },
]

# The embedded default is a SQLite file; CI and deployments give DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django reads the choices of every model choice field with .iterator(), which on PostgreSQL opens a
# server-side cursor: three round trips for a list of a dozen rows. Our lists are short, and a
# transaction-pooling PgBouncer in front of PostgreSQL would need this off anyway.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# PostgreSQL's JIT compiles a query when its estimated cost is high; for a page's queries (tens of
# milliseconds) the compiling took longer than the query, up to a second on the work queue's counts.
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = (DATABASES["default"]["OPTIONS"].get("options", "") + " -c jit=off").strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "academy.User"
# Django's and allauth's backends, taking the signed-in user from the statement that reads the session
# (academy.auth_backends).
AUTHENTICATION_BACKENDS = [
    "academy.auth_backends.ModelBackend",
    "academy.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "academy.password_validation.DistinctCharactersValidator", "OPTIONS": {"min_distinct": 5}},
]

# allauth: log in by email, no usernames.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# New accounts prove they own their address before they can sign in. Accounts the academy makes
# for its own staff, providers and partners are created verified (academy.services.account_create).
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_ADAPTER = "academy.adapters.AccountAdapter"
# A password change keeps this session and ends every other one (AccountAdapter.set_password).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# allauth's rate limits live in the default cache, so they hold across web workers only when that
# cache is shared (Redis, below). Failed logins: 10 a minute per IP, and 20 an hour per address, which
# slows a guesser using many addresses; reaching it emails the owner an unlock link (academy.login_unlock),
# so nobody can lock an owner out by typing wrong passwords for them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,20/h/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/180s/key",
    # The public application form (learners.views.apply): per IP, and per address so nobody can
    # fill someone's inbox with "someone used your address" emails.
    "apply": "10/m/ip,60/h/ip,5/h/key",
    # The public vacancy guide as a PDF (vacancies.views.guide_pdf): seconds of work a copy.
    "guide_pdf": "10/m/ip,60/h/ip",
}
# The number of proxies in front of the app that append to X-Forwarded-For; only these are trusted
# for the client address used by rate limits, the session list and the audit log.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Care Academy] "
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "academy:home_redirect"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Care Academy Portal"
# TOTP secrets and recovery-code seeds are stored encrypted (academy.mfa_encryption). Fernet keys,
# comma-separated, newest first; without any, a key derived from SECRET_KEY is used, and then
# changing SECRET_KEY makes every stored secret unreadable (check --deploy warns: academy.W001).
MFA_ADAPTER = "academy.adapters.MFAAdapter"
MFA_ENCRYPTION_KEY = env.list("DJANGO_MFA_ENCRYPTION_KEY", default=[])
# allauth has no per-role switch: academy.middleware.RequireMfaMiddleware (with the rule in
# academy.permissions.mfa_setup_needed) sends staff and provider users to set up TOTP first.
# Not tracking "last seen" per request: it would cost a read and a write on every page. (Tracking it
# would also need allauth's UserSessionsMiddleware, which does nothing else and so is not installed.)
USERSESSIONS_TRACK_ACTIVITY = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party front-end packages come from npm (package.json), never committed.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names from the manifest `collectstatic` writes (the Dockerfile runs it at build time).
        "BACKEND": env("DJANGO_STATICFILES_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
# Uploads and generated files live outside the web root and are served only by
# access-checked views.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Care Academy <noreply@care-academy.test>")
# Where the portal is reached, for links in messages sent from a worker (no request to ask).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://localhost:8000")
# Text messages go through GOV.UK Notify when a key is given (one SMS template whose content is
# ((body))); without one they are written to the log (notifications.senders).
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", default="")

# Redis, when configured, is both the Celery broker and the shared cache (allauth's
# rate limits need a cache every worker process sees).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
if REDIS_URL:
    # Fails open (academy.cache_backends): with Redis down pages still work, only slower; short
    # timeouts so a request never waits long for a Redis that is not there.
    CACHES = {"default": {
        "BACKEND": "academy.cache_backends.FailOpenRedisCache", "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without a broker, tasks run in-process (the laptop demo); with one, on real workers.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Redis hands a task that was taken but never acknowledged (its worker was killed) to another worker
# after the visibility timeout: just past the longest a task may run, not the default hour. A task
# record still "running" that long after it started may be retried by staff (academy.tasks).
TASK_STALE_MARGIN_SECONDS = 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + TASK_STALE_MARGIN_SECONDS,
    "socket_connect_timeout": 1,
}
# With the broker down, sending a task fails within a second or so (the page then says "try again
# shortly") rather than retrying for 20 seconds while the visitor waits.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Outcomes are kept in TaskRecord (and the rows tasks build), never read from the result backend;
# storing results would also make every send subscribe to Redis and wait for it when it is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1}}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# UK GDPR retention (learners.gdpr, applied nightly by learners.tasks.retention_apply_task).
# Calendar months after the event.
# DBS: after the recruitment decision plus six months only what the DBS code of practice allows is
# kept (level, position, certificate number and date, decision, its date and who made it).
PORTAL_RETENTION = {
    "dbs_details_months_after_decision": env.int("PORTAL_RETENTION_DBS_MONTHS", default=6),
    "unsuccessful_application_months": env.int("PORTAL_RETENTION_UNSUCCESSFUL_MONTHS", default=12),
}

# Security: on by default (local.py turns the HTTPS-only parts off for a laptop), each switchable
# for a TLS-terminating proxy setup.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=30 * 60)
# The age above is an inactivity timeout: academy.sessions.SlidingSessionMiddleware pushes a session's
# expiry back when it was last pushed more than SESSION_REFRESH_SECONDS ago, instead of writing the
# session on every request (SESSION_SAVE_EVERY_REQUEST). Sessions end 25-30 minutes after the last request.
SESSION_SAVE_EVERY_REQUEST = False
# Database sessions, each read with the user it signs in in one SQL statement (academy.sessions).
SESSION_ENGINE = "academy.sessions"
SESSION_REFRESH_SECONDS = env.int("DJANGO_SESSION_REFRESH_SECONDS", default=5 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools log every layout step at INFO: one PDF would fill a page of the log.
    "loggers": {name: {"level": "WARNING"} for name in ("django.db.backends", "weasyprint", "fontTools")},
}

# Academy rules that staff may want to tune per deployment.
ACADEMY_NAME = env("ACADEMY_NAME", default="North West Care and Health Career Academy")
# How the public and learners reach the academy team: shown where a page tells them to get in touch.
ACADEMY_CONTACT_EMAIL = env("ACADEMY_CONTACT_EMAIL", default="academy@example.org")
ACADEMY_CONTACT_PHONE = env("ACADEMY_CONTACT_PHONE", default="01253 477000")
# Public pages (the vacancy guide) are cached this long for anonymous visitors; 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)
# The guide's filters and results, rendered, for everyone (signed in too) asking the same thing; any
# change to what the guide shows retires them at once (vacancies.search). 0 turns it off.
GUIDE_RESULTS_CACHE_SECONDS = env.int("GUIDE_RESULTS_CACHE_SECONDS", default=600)
# The options of the guide's lists (settings, client groups, areas), shared by every search; also
# retired by any change to them.
GUIDE_CHOICES_CACHE_SECONDS = env.int("GUIDE_CHOICES_CACHE_SECONDS", default=600)
# Dashboard figures are aggregates over the whole history; they are cached per filter set this long.
IMPACT_FIGURES_CACHE_SECONDS = env.int("IMPACT_FIGURES_CACHE_SECONDS", default=600)
# The staff home's queue counts, per set of localities: rebuilt at once after a change they count
# (workqueue.freshness); this long at most for those that change with the clock. 0 turns it off.
WORKQUEUE_COUNTS_SECONDS = env.int("WORKQUEUE_COUNTS_SECONDS", default=60)
ACADEMY_BURSARY_ATTENDANCE_THRESHOLD = env.int("ACADEMY_BURSARY_ATTENDANCE_THRESHOLD", default=90)

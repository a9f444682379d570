"""Settings for the server `manage.py bench` load-tests: production's, plus the minimal view
(devtools.bench_urls) that the figures divide by. Not for serving anyone."""

from .production import *  # noqa: F403

ROOT_URLCONF = "devtools.bench_urls"

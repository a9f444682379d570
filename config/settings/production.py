"""Deployment settings (the Docker image, gunicorn, Celery): base.py's secure defaults, DEBUG off
whatever the environment says, and a DJANGO_SECRET_KEY that must be given: without it the
settings refuse to load (ImproperlyConfigured) rather than fall back to any key.

Static files are served by WhiteNoise from the hashed manifest that `collectstatic` writes with
these settings (the Dockerfile runs it at build time). The development tools are not installed.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AcademyConfig(AppConfig):
    name = "academy"
    verbose_name = "Academy"

    def ready(self):
        # Imported for their side effects: our system checks, and the audit receivers for
        # allauth's MFA signals.
        from . import checks, receivers  # noqa: F401


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with a site whose login goes through allauth (rate limits, MFA)."""

    default = False  # named explicitly in INSTALLED_APPS; AcademyConfig stays this module's default
    default_site = "academy.admin_site.PortalAdminSite"

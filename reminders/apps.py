from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        # Registers one finder per reminder kind (reminders.services.FINDERS).
        from . import finders  # noqa: F401

from django.apps import AppConfig


class WorkqueueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workqueue"
    verbose_name = "Staff work queue and search"

    def ready(self):
        from . import receivers

        receivers.connect()

from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "learners"

    def ready(self):
        # Registers the app's Celery tasks in every process, not only the worker (which autodiscovers
        # them): staff retry a failed task from the web, and that needs the task by its name.
        from . import tasks  # noqa: F401

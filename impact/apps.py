from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "impact"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .expressions import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="impact_sqlite_median")

from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """`manage.py seed_demo`, `seed_scale`, `bench` and `bench_personnel_files`; no models."""

    name = "devtools"
    verbose_name = "Development tools"

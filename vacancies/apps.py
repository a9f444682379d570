from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the guide's search and cache upkeep

from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "reach"
    verbose_name = "Who the academy reaches"

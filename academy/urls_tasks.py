"""URLs for background tasks (staff); included from academy/urls.py."""

from django.urls import path

from . import views_tasks

urlpatterns = [
    path("tasks/", views_tasks.task_list, name="task_list"),
    path("tasks/<int:pk>/retry/", views_tasks.task_retry_view, name="task_retry"),
]

"""URLs for background tasks (staff) and reminder settings (everyone); included from academy/urls.py."""

from django.urls import path

from . import views_tasks

urlpatterns = [
    path("tasks/", views_tasks.task_list, name="task_list"),
    path("tasks/<int:pk>/retry/", views_tasks.task_retry_view, name="task_retry"),
    path("reminders/", views_tasks.reminder_settings, name="reminder_settings"),
    path("reminders/<int:pk>/dismiss/", views_tasks.reminder_dismiss_view, name="reminder_dismiss"),
]

"""Everyone's reminder settings and dismissing a reminder, under /academy/reminders/."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_settings, name="settings"),
    path("<int:pk>/dismiss/", views.reminder_dismiss_view, name="dismiss"),
]

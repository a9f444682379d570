from django.contrib import admin
from django.urls import include, path

from academy import views as academy_views

urlpatterns = [
    path("", academy_views.index, name="index"),
    path("healthz", academy_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("academy/reminders/", include("reminders.urls")),
    path("academy/messages/", include("notifications.urls")),
    path("academy/imports/", include("imports.urls")),
    # The staff home (a work queue) and learner search read every app, so they sit in their own app.
    path("academy/", include("workqueue.urls")),
    path("academy/", include("academy.urls")),
    path("learners/", include("learners.urls")),
    path("providers/", include("providers.urls")),
    path("vacancies/", include("vacancies.urls")),
    path("courses/", include("courses.urls")),
    path("placements/", include("placements.urls")),
    path("impact/", include("impact.urls")),
    path("equality/", include("equality.urls")),
    path("reach/", include("reach.urls")),
    path("admin/", admin.site.urls),
]
handler403 = "academy.views.permission_denied"

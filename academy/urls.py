from django.urls import include, path

from . import views

app_name = "academy"

urlpatterns = [
    path("go/", views.home_redirect, name="home_redirect"),
    path("audit/", views.audit_log, name="audit_log"),
    path("sign-in/unlock/<str:token>/", views.login_unlock_view, name="login_unlock"),
    path("", include("academy.urls_tasks")),
]

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.template_list, name="template_list"),
    path("<int:pk>/", views.template_edit, name="template_edit"),
    path("<int:pk>/preview/", views.template_preview, name="template_preview"),
]

"""UK GDPR pages, included into learners/urls.py (names live in the "learners" namespace)."""

from django.urls import path

from . import views_gdpr

urlpatterns = [
    path("me/data/", views_gdpr.my_data, name="my_data"),
    path("<int:pk>/erase/", views_gdpr.erase, name="erase"),
]

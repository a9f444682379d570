"""URLs of the personnel-file pages (included from learners/urls.py under files/)."""

from django.urls import path

from .personnel import views

urlpatterns = [
    path("", views.staff_overview, name="personnel_files"),
    path("learner/<int:learner_id>/", views.staff_file, name="personnel_file"),
    path("learner/<int:learner_id>/build/", views.staff_build, name="personnel_file_build"),
    path("learner/<int:learner_id>/release/", views.staff_release, name="personnel_file_release"),
    path("learner/<int:learner_id>/download/", views.staff_download, name="personnel_file_download"),
    path("release/<int:release_id>/revoke/", views.staff_revoke, name="personnel_file_revoke"),
    path("mine/", views.my_file, name="my_personnel_file"),
    path("mine/build/", views.my_file_build, name="my_personnel_file_build"),
    path("mine/download/", views.my_file_download, name="my_personnel_file_download"),
    path("shared/", views.provider_files, name="provider_personnel_files"),
    path("shared/<str:token>/", views.provider_download, name="provider_personnel_file_download"),
]

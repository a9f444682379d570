from django.urls import path

from . import views

app_name = "vacancies"

urlpatterns = [
    path("", views.guide, name="guide"),
    path("print/", views.guide_print, name="guide_print"),
    path("guide.pdf", views.guide_pdf, name="guide_pdf"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.vacancy_create, name="create"),
    path("manage/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("manage/<int:pk>/status/", views.vacancy_status, name="status"),
    path("manage/<int:pk>/ring-fences/new/", views.ring_fence_create, name="ring_fence_create"),
    path("ring-fences/<int:pk>/delete/", views.ring_fence_delete, name="ring_fence_delete"),
    path("cohorts/", views.cohort_guarantees, name="cohort_guarantees"),
    path("cohorts/<int:pk>/", views.cohort_guarantee, name="cohort_guarantee"),
]

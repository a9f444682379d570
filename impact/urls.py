from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.csv", views.dashboard_csv, name="dashboard_csv"),
    path("learners/<slug:step>/", views.drilldown, name="drilldown"),
    path("evidence/", views.evidence_list, name="evidence_list"),
    path("evidence/<slug:slug>/", views.evidence_detail, name="evidence_detail"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
]

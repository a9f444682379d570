from django.urls import path

from . import views, views_surveys

app_name = "impact"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.csv", views.dashboard_csv, name="dashboard_csv"),
    path("learners/<slug:step>/", views.drilldown, name="drilldown"),
    path("evidence/", views.evidence_list, name="evidence_list"),
    path("evidence/<slug:slug>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<slug:slug>/review/", views_surveys.evidence_review, name="evidence_review"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    # Surveys: the learner's own (the follow-up reminder links to "survey": whichever check-in is due)
    path("surveys/check-in/", views_surveys.survey, name="survey"),
    path("surveys/<int:application_pk>/check-in/<int:month>/", views_surveys.follow_up, name="follow_up"),
    path("surveys/<int:application_pk>/resilience/<str:moment>/", views_surveys.resilience, name="resilience"),
    path("surveys/<int:application_pk>/satisfaction/", views_surveys.satisfaction, name="satisfaction"),
    # Staff type in what a learner said by phone or wrote on paper
    path("surveys/<int:application_pk>/check-in/<int:month>/by-phone/", views_surveys.staff_follow_up,
         name="staff_follow_up"),
    path("surveys/<int:application_pk>/resilience/<str:moment>/on-paper/", views_surveys.staff_resilience,
         name="staff_resilience"),
    # A care provider rates the academy
    path("surveys/provider/", views_surveys.provider_satisfaction, name="provider_satisfaction"),
]

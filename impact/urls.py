from django.urls import path

from .views import figures, reports, surveys

app_name = "impact"

urlpatterns = [
    path("", figures.dashboard, name="dashboard"),
    path("download.csv", figures.dashboard_csv, name="dashboard_csv"),
    path("learners/<slug:step>/", figures.drilldown, name="drilldown"),
    path("evidence/", figures.evidence_list, name="evidence_list"),
    path("evidence/<slug:slug>/", figures.evidence_detail, name="evidence_detail"),
    path("evidence/<slug:slug>/review/", surveys.evidence_review, name="evidence_review"),
    path("reports/", reports.reports, name="reports"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
    # Surveys: the learner's own (the follow-up reminder links to "survey": whichever check-in is due)
    path("surveys/check-in/", surveys.survey, name="survey"),
    path("surveys/<int:application_pk>/check-in/<int:month>/", surveys.follow_up, name="follow_up"),
    path("surveys/<int:application_pk>/resilience/<str:moment>/", surveys.resilience, name="resilience"),
    path("surveys/<int:application_pk>/satisfaction/", surveys.satisfaction, name="satisfaction"),
    # Staff type in what a learner said by phone or wrote on paper
    path("surveys/<int:application_pk>/check-in/<int:month>/by-phone/", surveys.staff_follow_up,
         name="staff_follow_up"),
    path("surveys/<int:application_pk>/resilience/<str:moment>/on-paper/", surveys.staff_resilience,
         name="staff_resilience"),
    # A care provider rates the academy
    path("surveys/provider/", surveys.provider_satisfaction, name="provider_satisfaction"),
]

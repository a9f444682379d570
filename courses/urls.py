from django.urls import path

from . import views, views_outcomes

app_name = "courses"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("staff/programmes/", views.programme_manage_list, name="programme_manage_list"),
    path("staff/programmes/new/", views.programme_edit, name="programme_create"),
    path("staff/programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("staff/cohorts/", views.cohort_list, name="cohort_list"),
    path("staff/cohorts/new/", views.cohort_edit, name="cohort_create"),
    path("staff/cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("staff/cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("staff/cohorts/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("staff/cohorts/<int:pk>/qualifications/new/", views.qualification_create, name="qualification_create"),
    path("cohorts/<int:pk>/sessions.ics", views.cohort_calendar, name="cohort_calendar"),
    path("staff/sessions/<int:session_pk>/attendance/", views.attendance, name="attendance"),
    path("staff/cohorts/<int:pk>/close/", views_outcomes.cohort_close, name="cohort_close"),
    path("staff/applications/<int:application_pk>/bursary/", views.bursary_payment_create,
         name="bursary_payment_create"),
    path("staff/applications/<int:application_pk>/outcome/", views_outcomes.course_outcome, name="course_outcome"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
]

from django.urls import include, path

from . import views, views_consent, views_records, views_self

app_name = "learners"

urlpatterns = [
    path("files/", include("learners.urls_personnel")),
    # Public
    path("apply/<int:cohort_pk>/", views.apply, name="apply"),
    path("apply/received/", views.apply_done, name="apply_done"),
    # The learner's own pages
    path("me/", views.me, name="me"),
    path("me/consent/", views.consent_give, name="consent_give"),
    path("me/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("me/details/", views_self.my_details, name="my_details"),
    path("", include("learners.urls_gdpr")),  # UK GDPR: my data download, staff erasure
    # Staff
    path("enquiries/", views.enquiry_list, name="enquiries"),
    path("values/", views.values_home, name="values"),
    path("values/new/", views.value_edit, name="value_create"),
    path("values/<int:pk>/edit/", views.value_edit, name="value_edit"),
    path("question-banks/new/", views.bank_edit, name="bank_create"),
    path("question-banks/<int:pk>/", views.bank_detail, name="bank_detail"),
    path("question-banks/<int:pk>/edit/", views.bank_edit, name="bank_edit"),
    path("question-banks/<int:pk>/copy/", views.bank_copy, name="bank_copy"),
    path("cohorts/<int:cohort_pk>/board/", views.board, name="cohort_board"),
    path("cohorts/<int:cohort_pk>/dbs-blocked/", views.cohort_dbs, name="cohort_dbs"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/add/support/", views.support_add, name="support_add"),
    path("<int:pk>/consent/paper/", views_consent.paper_consent, name="paper_consent"),
    path("<int:pk>/add/<str:kind>/", views.learner_add, name="learner_add"),
    path("applications/<int:application_pk>/screening/", views.screening, name="screening"),
    path("applications/<int:application_pk>/screening/decide/", views.screening_decide, name="screening_decide"),
    path("applications/<int:application_pk>/enrol/", views.enrol, name="enrol"),
    path("applications/<int:application_pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("dbs/<int:pk>/", views.dbs_detail, name="dbs_detail"),
    path("dbs/<int:pk>/status/", views.dbs_transition, name="dbs_transition"),
    path("dbs/<int:pk>/status-check/", views.dbs_status_check, name="dbs_status_check"),
    path("dbs/<int:pk>/decision/", views.dbs_decision, name="dbs_decision"),
    path("references/<int:pk>/received/", views.reference_received, name="reference_received"),
    path("right-to-work/<int:pk>/file/", views.right_to_work_file, name="right_to_work_file"),
    # Staff correct or remove a reference, right-to-work check or employment history entry (kind)
    path("records/<str:kind>/<int:pk>/edit/", views_records.record_edit, name="record_edit"),
    path("records/<str:kind>/<int:pk>/remove/", views_records.record_remove, name="record_remove"),
]

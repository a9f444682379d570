"""Every learner page, in the "learners" namespace: public applying, the learner's own pages, UK GDPR,
staff pages and the personnel files (under files/)."""

from django.urls import path

from . import views_consent
from .personnel import views as personnel_files
from .views import (
    applications,
    applying,
    board,
    dbs,
    detail,
    documents,
    enquiries,
    gdpr,
    intake,
    mine,
    records,
    values,
)

app_name = "learners"

urlpatterns = [
    # Personnel files: staff, the learner's own, and those shared with a provider
    path("files/", personnel_files.staff_overview, name="personnel_files"),
    path("files/learner/<int:learner_id>/", personnel_files.staff_file, name="personnel_file"),
    path("files/learner/<int:learner_id>/build/", personnel_files.staff_build, name="personnel_file_build"),
    path("files/learner/<int:learner_id>/release/", personnel_files.staff_release, name="personnel_file_release"),
    path("files/learner/<int:learner_id>/download/", personnel_files.staff_download,
         name="personnel_file_download"),
    path("files/release/<int:release_id>/revoke/", personnel_files.staff_revoke, name="personnel_file_revoke"),
    path("files/mine/", personnel_files.my_file, name="my_personnel_file"),
    path("files/mine/build/", personnel_files.my_file_build, name="my_personnel_file_build"),
    path("files/mine/download/", personnel_files.my_file_download, name="my_personnel_file_download"),
    path("files/shared/", personnel_files.provider_files, name="provider_personnel_files"),
    path("files/shared/<str:token>/", personnel_files.provider_download, name="provider_personnel_file_download"),
    # Public
    path("apply/<int:cohort_pk>/", applying.apply, name="apply"),
    path("apply/received/", applying.apply_done, name="apply_done"),
    # The learner's own pages
    path("me/", mine.me, name="me"),
    path("me/consent/", mine.consent_give, name="consent_give"),
    path("me/consent/withdraw/", mine.consent_withdraw, name="consent_withdraw"),
    path("me/details/", mine.my_details, name="my_details"),
    # UK GDPR: the learner downloads their data; staff erase a learner
    path("me/data/", gdpr.my_data, name="my_data"),
    path("<int:pk>/erase/", gdpr.erase, name="erase"),
    # Staff
    path("enquiries/", enquiries.enquiry_list, name="enquiries"),
    path("applications/take/", intake.application_take, name="application_take"),
    path("sources/", intake.source_list, name="sources"),
    path("sources/new/", intake.source_edit, name="source_create"),
    path("sources/<int:pk>/edit/", intake.source_edit, name="source_edit"),
    path("values/", values.values_home, name="values"),
    path("values/new/", values.value_edit, name="value_create"),
    path("values/<int:pk>/edit/", values.value_edit, name="value_edit"),
    path("question-banks/new/", values.bank_edit, name="bank_create"),
    path("question-banks/<int:pk>/", values.bank_detail, name="bank_detail"),
    path("question-banks/<int:pk>/edit/", values.bank_edit, name="bank_edit"),
    path("question-banks/<int:pk>/copy/", values.bank_copy, name="bank_copy"),
    path("cohorts/<int:cohort_pk>/board/", board.board, name="cohort_board"),
    path("cohorts/<int:cohort_pk>/dbs-blocked/", board.cohort_dbs, name="cohort_dbs"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/add/support/", detail.support_add, name="support_add"),
    path("<int:pk>/consent/paper/", views_consent.paper_consent, name="paper_consent"),
    path("<int:pk>/add/<str:kind>/", detail.learner_add, name="learner_add"),
    path("applications/<int:application_pk>/screening/", applications.screening, name="screening"),
    path("applications/<int:application_pk>/screening/decide/", applications.screening_decide,
         name="screening_decide"),
    path("applications/<int:application_pk>/accept/", applications.application_accept, name="application_accept"),
    path("applications/<int:application_pk>/enrol/", applications.enrol, name="enrol"),
    path("applications/<int:application_pk>/withdraw/", applications.application_withdraw,
         name="application_withdraw"),
    path("dbs/<int:pk>/", dbs.dbs_detail, name="dbs_detail"),
    path("dbs/<int:pk>/status/", dbs.dbs_transition, name="dbs_transition"),
    path("dbs/<int:pk>/status-check/", dbs.dbs_status_check, name="dbs_status_check"),
    path("dbs/<int:pk>/decision/", dbs.dbs_decision, name="dbs_decision"),
    path("references/<int:pk>/received/", documents.reference_received, name="reference_received"),
    path("right-to-work/<int:pk>/file/", documents.right_to_work_file, name="right_to_work_file"),
    # Staff correct or remove a reference, right-to-work check or employment history entry (kind)
    path("records/<str:kind>/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("records/<str:kind>/<int:pk>/remove/", records.record_remove, name="record_remove"),
]

"""A programme says whether its applicants need a values screening and a DBS check; the pipeline follows it.

CPD for people already in care work: staff accept applicants without a screening, and nobody on it is
blocked on DBS (the cohort board, its DBS list, the work queue, the end-of-course reminder, the personnel file).
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import Programme
from learners.models import Stage, StageTransition
from learners.personnel.context import personnel_file_context
from learners.selectors import cohort_board, cohort_checks_outstanding, cohort_dbs_blocked
from learners.selectors_workqueue import applications_to_screen, learners_blocked_on_dbs
from learners.services.screening import application_accept_without_screening
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    DbsCheckFactory,
    LearnerFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cpd_cohort(locality):
    return CohortFactory(locality=locality, programme=ProgrammeFactory(cpd=True), name="Dementia CPD")


@pytest.fixture
def sbwa_cohort(locality):
    return CohortFactory(locality=locality, name="Talent for Care")


def _apply(cohort, stage=Stage.APPLIED):
    return ApplicationFactory(cohort=cohort, learner=LearnerFactory(locality=cohort.locality), stage=stage)


# --- the rule, in one place ------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "expected"), [("cpd", False), ("sbwa", True), ("bite_size", True),
                                                ("apprenticeship", True)])
def test_each_kind_has_its_usual_requirements(kind, expected):
    assert Programme.default_requirements(kind) == {"requires_values_screening": expected, "requires_dbs": expected}


def test_existing_cpd_programmes_are_migrated_to_ask_for_neither_check():
    cpd = ProgrammeFactory(kind="cpd", requires_values_screening=True, requires_dbs=True)
    sbwa = ProgrammeFactory(kind="sbwa")
    migration = importlib.import_module("courses.migrations.0005_programme_requirements_and_bursary_payments")
    migration.cpd_programmes_ask_for_neither_check(django_apps, None)
    cpd.refresh_from_db()
    sbwa.refresh_from_db()
    assert (cpd.requires_values_screening, cpd.requires_dbs) == (False, False)
    assert (sbwa.requires_values_screening, sbwa.requires_dbs) == (True, True)


# --- values screening ----------------------------------------------------------------------------


def test_an_applicant_to_a_programme_without_screening_is_accepted_without_one(cpd_cohort, staff):
    application = application_accept_without_screening(application=_apply(cpd_cohort), by=staff)
    assert application.stage == Stage.ACCEPTED
    step = StageTransition.objects.get(application=application, to_stage=Stage.ACCEPTED)
    assert step.by == staff and "no values screening" in step.note
    assert not hasattr(application, "screening") or application.screening is None


def test_a_programme_that_asks_for_screening_refuses_acceptance_without_it(sbwa_cohort, staff):
    application = _apply(sbwa_cohort)
    with pytest.raises(ValidationError, match="values screening"):
        application_accept_without_screening(application=application, by=staff)
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_staff_accept_from_the_learner_page(client_for, staff, cpd_cohort, sbwa_cohort):
    cpd = _apply(cpd_cohort)
    client = client_for(staff)
    page = client.get(reverse("learners:detail", args=[cpd.learner_id])).content.decode()
    assert reverse("learners:application_accept", args=[cpd.pk]) in page
    assert reverse("learners:screening", args=[cpd.pk]) not in page
    response = client.post(reverse("learners:application_accept", args=[cpd.pk]))
    assert response.status_code == 302
    cpd.refresh_from_db()
    assert cpd.stage == Stage.ACCEPTED

    sbwa = _apply(sbwa_cohort)
    page = client.get(reverse("learners:detail", args=[sbwa.learner_id])).content.decode()
    assert reverse("learners:application_accept", args=[sbwa.pk]) not in page
    assert reverse("learners:screening", args=[sbwa.pk]) in page


def test_a_refused_acceptance_is_explained_and_changes_nothing(client_for, staff, sbwa_cohort):
    application = _apply(sbwa_cohort)
    response = client_for(staff).post(reverse("learners:application_accept", args=[application.pk]), follow=True)
    assert "values screening" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_staff_accept_from_the_cohort_board(client_for, staff, cpd_cohort):
    application = _apply(cpd_cohort)
    client = client_for(staff)
    page = client.get(reverse("learners:cohort_board", args=[cpd_cohort.pk])).content.decode()
    assert reverse("learners:application_accept", args=[application.pk]) in page
    assert "Not needed" in page
    response = client.post(reverse("learners:application_accept", args=[application.pk]),
                           {"next": reverse("learners:cohort_board", args=[cpd_cohort.pk])})
    assert response["Location"] == reverse("learners:cohort_board", args=[cpd_cohort.pk])
    application.refresh_from_db()
    assert application.stage == Stage.ACCEPTED


def test_acceptance_does_not_redirect_off_site(client_for, staff, cpd_cohort):
    application = _apply(cpd_cohort)
    response = client_for(staff).post(reverse("learners:application_accept", args=[application.pk]),
                                      {"next": "https://evil.example/"})
    assert response["Location"] == reverse("learners:detail", args=[application.learner_id])


@pytest.mark.parametrize("persona", ["provider_user", "partner", "learner"])
def test_other_roles_cannot_accept_an_application(client_for, request, persona, cpd_cohort):
    application = _apply(cpd_cohort)
    user = request.getfixturevalue(persona)
    response = client_for(getattr(user, "user", user)).post(reverse("learners:application_accept",
                                                                    args=[application.pk]))
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_staff_of_another_locality_cannot_accept(client_for, other_locality_staff, cpd_cohort):
    application = _apply(cpd_cohort)
    response = client_for(other_locality_staff).post(reverse("learners:application_accept", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_the_work_queue_lists_applications_to_accept_as_well_as_to_screen(staff, cpd_cohort, sbwa_cohort):
    from learners.permissions import learners_visible_to

    cpd, sbwa = _apply(cpd_cohort), _apply(sbwa_cohort)
    waiting = {a.pk: a.needs_values_screening for a in applications_to_screen(learners=learners_visible_to(staff))}
    assert waiting == {cpd.pk: False, sbwa.pk: True}


# --- DBS -----------------------------------------------------------------------------------------


def test_a_programme_without_dbs_blocks_nobody_on_the_cohort_board(cpd_cohort, sbwa_cohort):
    cpd, sbwa = _apply(cpd_cohort, Stage.ENROLLED), _apply(sbwa_cohort, Stage.ENROLLED)
    [cpd_row] = cohort_board(cohort=cpd_cohort)
    assert not cpd_row.dbs_blocked and not cpd_row.dbs_needed
    assert cohort_board(cohort=cpd_cohort, flag="dbs_blocked") == []
    assert cohort_dbs_blocked(cohort=cpd_cohort) == []
    assert [r.application.pk for r in cohort_dbs_blocked(cohort=sbwa_cohort)] == [sbwa.pk]
    assert cpd.pk != sbwa.pk


def test_the_board_says_dbs_is_not_needed(client_for, staff, cpd_cohort):
    _apply(cpd_cohort, Stage.ENROLLED)
    page = client_for(staff).get(reverse("learners:cohort_board", args=[cpd_cohort.pk])).content.decode()
    assert "Blocked" not in page.split("<tbody>")[1]
    assert "Not needed" in page


def test_the_work_queue_does_not_chase_dbs_for_a_programme_without_it(staff, cpd_cohort, sbwa_cohort):
    from learners.permissions import learners_visible_to

    cpd, sbwa = _apply(cpd_cohort, Stage.ENROLLED), _apply(sbwa_cohort, Stage.ENROLLED)
    blocked = set(learners_blocked_on_dbs(learners=learners_visible_to(staff)).values_list("pk", flat=True))
    assert blocked == {sbwa.learner_id}
    assert cpd.learner_id not in blocked


def test_a_learner_on_both_kinds_is_still_chased_for_the_one_that_needs_dbs(staff, cpd_cohort, sbwa_cohort):
    from learners.permissions import learners_visible_to

    cpd = _apply(cpd_cohort, Stage.ENROLLED)
    ApplicationFactory(cohort=sbwa_cohort, learner=cpd.learner, stage=Stage.ACCEPTED)
    blocked = learners_blocked_on_dbs(learners=learners_visible_to(staff))
    assert list(blocked.values_list("pk", flat=True)) == [cpd.learner_id]
    assert blocked.get().cohort_pk == sbwa_cohort.pk


def test_the_end_of_course_reminder_counts_no_dbs_missing_on_a_programme_without_it(cpd_cohort, sbwa_cohort):
    _apply(cpd_cohort, Stage.ENROLLED)
    _apply(sbwa_cohort, Stage.ENROLLED)
    assert cohort_checks_outstanding(cohort=cpd_cohort)[1] == 0
    assert cohort_checks_outstanding(cohort=sbwa_cohort)[1] == 1


def test_the_personnel_file_counts_dbs_as_not_needed_for_a_programme_without_it(cpd_cohort, sbwa_cohort):
    cpd = _apply(cpd_cohort, Stage.ENROLLED)
    section = personnel_file_context(learner_id=cpd.learner_id)["by_key"]["dbs"]
    assert section.complete and "not needed" in section.summary.lower()

    sbwa = _apply(sbwa_cohort, Stage.ENROLLED)
    assert not personnel_file_context(learner_id=sbwa.learner_id)["by_key"]["dbs"].complete


def test_a_dbs_check_recorded_anyway_still_shows_in_the_personnel_file(cpd_cohort):
    cpd = _apply(cpd_cohort, Stage.ENROLLED)
    DbsCheckFactory(learner=cpd.learner)
    section = personnel_file_context(learner_id=cpd.learner_id)["by_key"]["dbs"]
    assert section.data  # the check's details, as for anyone else

"""The demo academy has learners at every stage of the pipeline, and seeding twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import Attendance, CohortSession, QualificationAward
from learners.models import (
    Application,
    DbsCheck,
    Enquiry,
    Learner,
    Reference,
    RightToWorkCheck,
    Stage,
)
from learners.selectors import cohort_dbs_blocked, learner_has_sharing_consent

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Application, DbsCheck, Attendance, Reference, RightToWorkCheck,
                                        CohortSession, QualificationAward, Enquiry)]


def test_the_demo_pipeline_covers_every_stage_and_is_idempotent():
    call_command("seed_demo")
    stages = set(Application.objects.values_list("stage", flat=True))
    assert stages >= {Stage.APPLIED, Stage.ACCEPTED, Stage.REFERRED, Stage.NOT_PROGRESSED, Stage.ENROLLED,
                      Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED, Stage.STARTED_WORK, Stage.WITHDRAWN}
    reapplied = Application.objects.filter(previous_application__stage=Stage.REFERRED)
    assert reapplied.exists()
    assert set(DbsCheck.objects.values_list("status", flat=True)) >= {
        "not_started", "form_sent", "submitted", "certificate_issued", "update_service"}
    assert Attendance.objects.exists() and QualificationAward.objects.exists() and Enquiry.objects.exists()
    assert RightToWorkCheck.objects.exists() and Reference.objects.filter(received_on__isnull=True).exists()

    manda = Learner.objects.get(user__email="learner@demo.test")
    application = manda.applications.get()
    today = timezone.localdate()
    assert application.cohort.locality.name == "Fylde"
    assert application.cohort.programme.kind == "sbwa"
    assert application.cohort.start_date <= today <= application.cohort.end_date
    assert application.stage == Stage.ENROLLED
    assert learner_has_sharing_consent(manda)
    assert manda.references.filter(received_on__isnull=True).exists()
    assert manda.dbs_checks.get().status == "form_sent"
    assert any(r.learner == manda for r in cohort_dbs_blocked(cohort=application.cohort))

    first = _counts()
    call_command("seed_demo")
    assert _counts() == first


def test_the_demo_learner_sees_outstanding_tasks(client):
    from academy.models import User

    call_command("seed_demo")
    client.force_login(User.objects.get(email="learner@demo.test"))
    body = client.get("/learners/me/").content.decode()
    assert 'data-task="dbs"' in body and 'data-task="reference"' in body
    assert "Withdraw my consent" in body

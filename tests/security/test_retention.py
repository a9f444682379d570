"""Retention under real use: a learner whose anonymisation fails does not stop the run, reduced DBS
records leave no stored file showing what was removed, and months are calendar months."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.models import TaskRecord
from learners import gdpr
from learners.gdpr import dbs_details_reduce, unsuccessful_learners_anonymise
from learners.models import DbsCheck, DbsEvent, Learner, PersonnelFile, Stage
from learners.personnel.services import personnel_file_build
from tests.factories import DbsCheckFactory
from tests.factories.impact import application_at
from tests.factories.personnel import work_ready_learner

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(days=500)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "private")


def _unsuccessful_learner():
    return application_at(Stage.WITHDRAWN, path=[Stage.WITHDRAWN], at=timezone.now() - LONG_AGO).learner


def _pdf_text(personnel_file) -> str:
    import io

    from pypdf import PdfReader

    with personnel_file.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- One learner's failure does not stop the run -------------------------------------------------

def test_a_learner_with_a_built_personnel_file_is_anonymised_by_retention(staff):
    learner = _unsuccessful_learner()
    personnel_file_build(learner_id=learner.pk)
    assert unsuccessful_learners_anonymise() == 1
    assert Learner.objects.get(pk=learner.pk).erased_at is not None
    assert PersonnelFile.objects.get(learner=learner).state == PersonnelFile.State.WITHDRAWN


def test_one_learners_failure_is_recorded_and_the_run_goes_on(monkeypatch, staff, client_for,
                                                               django_capture_on_commit_callbacks):
    failing, other = _unsuccessful_learner(), _unsuccessful_learner()
    real_account_erase = gdpr._account_erase

    def account_erase(*, user, learner):
        if learner.pk == failing.pk:
            raise RuntimeError("disk full")
        return real_account_erase(user=user, learner=learner)

    monkeypatch.setattr(gdpr, "_account_erase", account_erase)
    assert unsuccessful_learners_anonymise() == 1

    assert Learner.objects.get(pk=other.pk).erased_at is not None
    assert Learner.objects.get(pk=failing.pk).erased_at is None
    record = TaskRecord.objects.get(state=TaskRecord.State.FAILED)
    assert record.name == "learners.tasks.learner_retention_apply_task"
    assert record.kwargs == {"learner_id": failing.pk}
    assert "unsuccessful_learners_anonymise" in record.error and "RuntimeError" in record.error
    page = client_for(staff).get(reverse("academy:task_list")).content.decode()
    assert "learners.tasks.learner_retention_apply_task" in page and "disk full" in page

    # Staff retry it from the task page once the cause is fixed: that learner alone is anonymised.
    monkeypatch.setattr(gdpr, "_account_erase", real_account_erase)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(reverse("academy:task_retry", args=[record.pk]))
    assert response.status_code == 302
    assert Learner.objects.get(pk=failing.pk).erased_at is not None


def test_the_nightly_task_lives_in_the_learners_app_under_the_same_beat_entry(learner, staff):
    from config.celery import app
    from learners.tasks import retention_apply_task

    _unsuccessful_learner()
    assert retention_apply_task.name == "learners.tasks.retention_apply_task"
    assert app.conf.beat_schedule["apply-retention-rules"]["task"] == retention_apply_task.name
    assert retention_apply_task.apply().get()["unsuccessful_learners_anonymise"] == 1
    assert TaskRecord.objects.filter(name=retention_apply_task.name, state=TaskRecord.State.SUCCEEDED).exists()


# --- Reduced DBS records leave no file showing what was removed ----------------------------------

def _decide(check, *, decided_on):
    DbsCheck.objects.filter(pk=check.pk).update(decision_on=decided_on,
                                                disclosure_discussed_on=decided_on - datetime.timedelta(days=1),
                                                certificate_issued_on=decided_on - datetime.timedelta(days=5))


def test_reducing_a_dbs_record_rebuilds_the_personnel_file_without_the_disclosure(
        locality, staff, provider_user, django_capture_on_commit_callbacks):
    ready = work_ready_learner(locality=locality, provider=provider_user.provider, staff=staff)
    _decide(ready.dbs, decided_on=timezone.localdate() - datetime.timedelta(days=200))
    built = personnel_file_build(learner_id=ready.learner.pk)
    assert "Information disclosed" in _pdf_text(built)
    old = (built.pdf.storage, built.pdf.name)

    with django_capture_on_commit_callbacks(execute=True):
        assert dbs_details_reduce() == 1

    rebuilt = PersonnelFile.objects.get(learner=ready.learner)
    assert rebuilt.state == PersonnelFile.State.READY and rebuilt.pdf.name != old[1]
    assert "Information disclosed" not in _pdf_text(rebuilt)
    assert not old[0].exists(old[1])


def test_while_the_rebuild_is_queued_no_download_serves_the_old_file(
        locality, staff, provider_user, client_for, monkeypatch):
    from learners.personnel import services as personnel_services

    ready = work_ready_learner(locality=locality, provider=provider_user.provider, staff=staff)
    _decide(ready.dbs, decided_on=timezone.localdate() - datetime.timedelta(days=200))
    personnel_file_build(learner_id=ready.learner.pk)
    # The broker has not run the rebuild yet (no on-commit callbacks run in this test).
    monkeypatch.setattr(personnel_services, "personnel_file_build", lambda **kw: pytest.fail("built too early"))

    assert dbs_details_reduce() == 1

    record = PersonnelFile.objects.get(learner=ready.learner)
    assert record.state == PersonnelFile.State.PENDING and not record.pdf
    response = client_for(staff).get(reverse("learners:personnel_file_download", args=[ready.learner.pk]))
    assert response.status_code == 404


def test_a_disclosed_certificate_with_no_decision_is_reduced_six_months_after_issue(learner, other_learner, staff):
    today = timezone.localdate()
    old, recent = DbsCheckFactory(learner=learner, by=staff), DbsCheckFactory(learner=other_learner, by=staff)
    for check, issued in ((old, today - datetime.timedelta(days=190)), (recent, today - datetime.timedelta(days=150))):
        DbsCheck.objects.filter(pk=check.pk).update(
            status=DbsCheck.Status.CERTIFICATE_ISSUED, certificate_number="001234567890",
            certificate_issued_on=issued, content=DbsCheck.Content.DISCLOSED,
            disclosure_discussed_on=issued + datetime.timedelta(days=3), decision="", decision_on=None,
        )
        DbsEvent.objects.create(dbs_check=check, to_status=DbsCheck.Status.CERTIFICATE_ISSUED, at=timezone.now(),
                                note="Discussed the disclosure")

    assert dbs_details_reduce() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.content == "" and old.disclosure_discussed_on is None
    assert old.certificate_number == "001234567890" and old.certificate_issued_on is not None
    assert not DbsEvent.objects.filter(dbs_check=old).exclude(note="").exists()
    assert recent.content == DbsCheck.Content.DISCLOSED
    assert gdpr.DBS_UNDECIDED_MONTHS_AFTER_ISSUE == 6


# --- Calendar months -----------------------------------------------------------------------------

def test_retention_counts_calendar_months_not_thirty_day_blocks(learner, staff):
    check = DbsCheckFactory(learner=learner, by=staff)
    DbsCheck.objects.filter(pk=check.pk).update(
        status=DbsCheck.Status.CERTIFICATE_ISSUED, certificate_number="001234567890",
        certificate_issued_on=datetime.date(2026, 2, 20), content=DbsCheck.Content.DISCLOSED,
        disclosure_discussed_on=datetime.date(2026, 2, 25), decision=DbsCheck.Decision.PROCEED,
        decision_on=datetime.date(2026, 3, 1), decision_by=staff, decision_reason="Discussed openly",
    )
    # Six calendar months after 1 March is 1 September; 6 x 30.44 days would end on 31 August.
    on_31_august = timezone.make_aware(datetime.datetime(2026, 8, 31, 12, 0))
    on_1_september = timezone.make_aware(datetime.datetime(2026, 9, 1, 12, 0))
    assert dbs_details_reduce(now=on_31_august) == 0
    assert dbs_details_reduce(now=on_1_september) == 1


def test_months_ago_is_a_calendar_month_and_clamps_to_the_month_end():
    now = timezone.make_aware(datetime.datetime(2026, 8, 31, 12, 0))
    assert gdpr._months_ago(6, now=now) == datetime.date(2026, 2, 28)
    assert gdpr._months_ago(12, now=now) == datetime.date(2025, 8, 31)

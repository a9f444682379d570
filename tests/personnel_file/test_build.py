import hashlib
import io
import os

import pytest
from pypdf import PdfReader

from academy.models import AuditEvent, TaskRecord
from learners.models import PersonnelFile
from learners.personnel import services
from tests.factories.personnel import CONSENT_WORDING, SECRET_DBS_REASON, work_ready_learner

from .conftest import pdf_text


def build(ready, by=None):
    record = services.personnel_file_build(learner_id=ready.learner.pk, by_id=getattr(by, "pk", None))
    with record.pdf.open("rb") as handle:
        return record, handle.read()


def test_the_pdf_holds_every_section_of_a_work_ready_learner(ready, staff):
    record, data = build(ready, staff)
    text = pdf_text(data)
    for expected in [
        "Portable personnel file", "Amira Okafor", "10 of 10 sections complete", "Every section is complete",
        "Care Certificate", "Skills for Care",  # qualifications
        "90%",  # 9 of 10 sessions attended (present or late)
        "Accepted onto the cohort", "Compassion", "Level 1",  # screening summary
        "001234567890", "Enhanced with adults' barred list", "Subscribed on", "No change",  # DBS record
        "Proceed with recruitment", "Information disclosed, discussed on",
        "Jo Baker", "Sam Patel",  # references
        "UK or Irish passport",  # right to work
        "Kiosk assistant", "Blackpool Pleasure Beach",  # employment history
        "Warm with residents",  # placement feedback
        CONSENT_WORDING[:40],  # the consent it is shared under
    ]:
        assert expected in text, expected
    assert record.state == PersonnelFile.State.READY
    assert record.missing_sections == []
    assert len(record.complete_sections) == 10


def test_the_pdf_holds_no_dbs_content_beyond_what_the_code_of_practice_allows(ready, staff):
    _, data = build(ready, staff)
    text = pdf_text(data)
    # The employer's decision reasons can describe the certificate's content: never in the file.
    assert SECRET_DBS_REASON not in text
    assert "shoplifting" not in text.lower()
    # Content is only ever "Clear" or "Information disclosed, discussed on <date>".
    assert "Certificate content Information disclosed, discussed on" in text


def test_the_pdf_is_tagged_with_language_title_and_real_text(ready):
    _, data = build(ready)
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Personnel file: Amira Okafor"
    assert len(reader.pages) >= 2
    assert "Amira Okafor" in reader.pages[0].extract_text()


def test_the_cover_page_lists_what_is_still_missing(db, locality, provider_user):
    incomplete = work_ready_learner(locality=locality, provider=provider_user.provider, complete=False, consent=False)
    record, data = build(incomplete)
    cover = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "Still missing" in cover
    for title in ["DBS check", "References", "Right to work", "Placement feedback", "Consent to share"]:
        assert title in cover
    assert "No DBS check recorded" in cover
    assert "dbs" in record.missing_sections and "consent" in record.missing_sections
    assert "details" in record.complete_sections


def test_a_rebuild_replaces_the_old_file_and_stores_its_hash(ready, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = build(ready)
    first_path = first.pdf.path
    with django_capture_on_commit_callbacks(execute=True):
        second, data = build(ready)
    assert PersonnelFile.objects.filter(learner=ready.learner).count() == 1
    assert second.pk == first.pk
    assert not os.path.exists(first_path)
    assert os.path.exists(second.pdf.path)
    assert second.content_hash == hashlib.sha256(data).hexdigest()
    assert second.size_bytes == len(data)
    assert str(settings.MEDIA_ROOT) in second.pdf.path
    left = [name for name in os.listdir(os.path.dirname(second.pdf.path)) if name.startswith(f"{ready.learner.pk}-")]
    assert left == [os.path.basename(second.pdf.path)]


def test_each_build_is_audited_without_personal_data(ready, staff):
    record, _ = build(ready, staff)
    event = AuditEvent.objects.get(action="personnel_file.build")
    assert event.actor == staff
    assert event.learner_id == ready.learner.pk
    assert event.object_id == str(record.pk)
    assert "Okafor" not in event.note


def test_a_build_request_is_sent_only_after_the_transaction_commits(ready, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.personnel_file_request_build(learner=ready.learner, by=staff)
    record = PersonnelFile.objects.get(learner=ready.learner)
    assert record.state == PersonnelFile.State.PENDING
    assert TaskRecord.objects.get().state == TaskRecord.State.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: now the task runs (in-process, as without a broker)
    record.refresh_from_db()
    assert record.state == PersonnelFile.State.READY
    task = TaskRecord.objects.get()
    assert task.state == TaskRecord.State.SUCCEEDED
    assert task.kwargs == {"learner_id": ready.learner.pk, "by_id": staff.pk}
    assert task.name == "learners.tasks.personnel_file_build_task"


def test_a_rolled_back_build_request_sends_nothing(ready, staff):
    from unittest import mock

    from django.db import transaction

    # Celery's own sending, under the base task's wait for the commit.
    with mock.patch("celery.app.task.Task.apply_async") as send:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.personnel_file_request_build(learner=ready.learner, by=staff)
            raise RuntimeError("the request failed after asking for the build")
    send.assert_not_called()
    assert not TaskRecord.objects.exists()


def test_the_task_is_thin_acks_late_and_retries_with_capped_backoff():
    from learners.tasks import personnel_file_build_task as task

    assert task.acks_late is True
    assert task.max_retries == 3
    assert task.retry_backoff and task.retry_backoff_max == 300
    assert task.time_limit and task.soft_time_limit < task.time_limit
    assert task.serializer == "json"


def test_the_file_says_completed_only_for_a_recorded_completion(db, learner, staff):
    import datetime

    from django.utils import timezone

    from courses.models import CourseOutcome
    from courses.outcomes import course_outcome_record
    from learners.models import Stage
    from learners.personnel.context import personnel_file_context
    from learners.services.applications import application_transition
    from tests.factories.personnel import application_at

    today = timezone.localdate()
    application = application_at(learner, Stage.ENROLLED, start_date=today - datetime.timedelta(days=20),
                                 end_date=today - datetime.timedelta(days=1))
    # Interviewed straight from enrolment, before the course ended: not a completer.
    application = application_transition(application=application, to_stage=Stage.INTERVIEWED)
    course = personnel_file_context(learner_id=learner.pk)["by_key"]["course"]
    assert course.summary == "Course not yet completed"
    course_outcome_record(application=application, by=staff, result=CourseOutcome.Result.COMPLETED,
                          on=today - datetime.timedelta(days=1))
    course = personnel_file_context(learner_id=learner.pk)["by_key"]["course"]
    assert course.summary.startswith("Course completed")

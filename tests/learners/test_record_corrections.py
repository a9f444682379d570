"""Staff correct or remove a wrongly entered reference, right-to-work check or employment history entry."""

import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent, TaskRecord
from learners.models import EmploymentHistoryEntry, PersonnelFile, Reference, RightToWorkCheck
from learners.services.records import (
    employment_history_correct,
    employment_history_remove,
    reference_correct,
    reference_remove,
    right_to_work_correct,
    right_to_work_remove,
)
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"x" * 200
CHANGE_ACTIONS = [f"{kind}.{verb}" for kind in ("reference", "right_to_work", "employment_history")
                  for verb in ("correct", "remove")]


def days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


@pytest.fixture
def reference(learner):
    return ReferenceFactory(learner=learner, referee_name="Ann Hughes", relationship="Volunteer lead",
                            requested_on=days_ago(10))


@pytest.fixture
def rtw(learner, staff):
    return RightToWorkCheck.objects.create(
        learner=learner, document_type=RightToWorkCheck.DocumentType.UK_PASSPORT, checked_on=days_ago(3),
        checked_by=staff, image=ContentFile(PDF, name="passport.pdf"), image_content_type="application/pdf",
    )


@pytest.fixture
def job(learner):
    return EmploymentHistoryEntry.objects.create(learner=learner, employer="Blackpool Pleasure Beach",
                                                 role="Kiosk assistant", started_on=datetime.date(2020, 4, 1),
                                                 ended_on=datetime.date(2022, 9, 30))


@pytest.fixture
def records(reference, rtw, job):
    return {"reference": reference, "right_to_work": rtw, "employment": job}


def ready_file(learner):
    return PersonnelFile.objects.create(learner=learner, state=PersonnelFile.State.READY, pdf="personnel-files/x.pdf",
                                        content_hash="a" * 64, built_at=timezone.now())


def stored(field_file_name):
    from django.core.files.storage import default_storage

    return default_storage.exists(field_file_name)


POSTS = {
    "reference": lambda: {"referee_name": "Anne Hughes", "relationship": "Volunteer lead",
                          "referee_email": "anne@example.test", "requested_on": days_ago(10).isoformat(),
                          "received_on": days_ago(2).isoformat()},
    "right_to_work": lambda: {"document_type": "share_code", "checked_on": days_ago(3).isoformat()},
    "employment": lambda: {"employer": "Blackpool Pleasure Beach", "role": "Ride attendant",
                           "started_on": "2020-04-01", "ended_on": "2022-09-30"},
}


# --- services: references ----------------------------------------------------------------------------


def test_staff_correct_a_reference(reference, staff):
    reference_correct(reference=reference, by=staff, referee_name="Anne Hughes",
                      relationship="Volunteer lead", requested_on=days_ago(10), received_on=days_ago(1))
    reference.refresh_from_db()
    assert reference.referee_name == "Anne Hughes" and reference.received_on == days_ago(1)


def test_a_reference_cannot_be_corrected_to_arrive_before_it_was_asked_for(reference, staff):
    with pytest.raises(ValidationError, match="cannot be before the date it was requested") as exc:
        reference_correct(reference=reference, by=staff, referee_name="Ann Hughes",
                          relationship="Volunteer lead", requested_on=days_ago(10),
                          received_on=days_ago(11))
    assert "received_on" in exc.value.message_dict
    reference.refresh_from_db()
    assert reference.received_on is None


@pytest.mark.parametrize("field", ["requested_on", "received_on"])
def test_reference_dates_cannot_be_in_the_future(reference, staff, field):
    dates = {"requested_on": days_ago(10), "received_on": None, field: TODAY() + datetime.timedelta(days=1)}
    with pytest.raises(ValidationError, match="cannot be in the future") as exc:
        reference_correct(reference=reference, by=staff, referee_name="Ann Hughes",
                          relationship="Volunteer lead", **dates)
    assert field in exc.value.message_dict


def test_a_correction_is_audited_without_the_records_content(reference, staff):
    reference_correct(reference=reference, by=staff, referee_name="Secret Name",
                      relationship="Volunteer lead", requested_on=days_ago(10),
                      referee_email="secret@example.test")
    event = AuditEvent.objects.get(action="reference.correct")
    assert event.actor == staff and event.learner_id == reference.learner_id
    assert (event.object_type, event.object_id) == ("learners.Reference", str(reference.pk))
    assert "referee_name" in event.note and "Secret" not in event.note and "secret@" not in event.note


def test_an_unchanged_correction_records_nothing(reference, staff):
    reference_correct(reference=reference, by=staff, referee_name="Ann Hughes",
                      relationship="Volunteer lead", requested_on=days_ago(10))
    assert not AuditEvent.objects.filter(action="reference.correct").exists()


def test_staff_remove_a_reference_and_the_audit_log_keeps_that_it_was(reference, staff):
    pk = reference.pk
    reference_remove(reference=reference, by=staff)
    assert not Reference.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="reference.remove")
    assert (event.object_type, event.object_id, event.actor) == ("learners.Reference", str(pk), staff)
    assert "Ann" not in event.note and "Volunteer" not in event.note


# --- services: right to work -----------------------------------------------------------------------------


def test_staff_correct_a_right_to_work_check_and_keep_its_image(rtw, staff):
    image = rtw.image.name
    right_to_work_correct(check=rtw, by=staff, document_type="share_code", checked_on=days_ago(4))
    rtw.refresh_from_db()
    assert rtw.document_type == "share_code" and rtw.checked_on == days_ago(4)
    assert rtw.image.name == image and stored(image)


def test_a_replaced_image_is_deleted_from_storage_after_commit(rtw, staff, django_capture_on_commit_callbacks):
    old = rtw.image.name
    with django_capture_on_commit_callbacks(execute=True):
        right_to_work_correct(check=rtw, by=staff, document_type="uk_passport", checked_on=days_ago(3),
                              image=SimpleUploadedFile("new.png", PNG, content_type="image/png"))
    rtw.refresh_from_db()
    assert rtw.image.name != old and stored(rtw.image.name)
    assert rtw.image_content_type == "image/png"
    assert not stored(old)
    assert "image replaced" in AuditEvent.objects.get(action="right_to_work.correct").note


def test_a_removed_image_is_deleted_from_storage(rtw, staff, django_capture_on_commit_callbacks):
    old = rtw.image.name
    with django_capture_on_commit_callbacks(execute=True):
        right_to_work_correct(check=rtw, by=staff, document_type="uk_passport", checked_on=days_ago(3),
                              remove_image=True)
    rtw.refresh_from_db()
    assert not rtw.image and rtw.image_content_type == ""
    assert not stored(old)


def test_a_replacement_that_is_not_a_real_document_is_refused_and_the_old_image_kept(
        rtw, staff, django_capture_on_commit_callbacks):
    old = rtw.image.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError, match="This file is not a PDF, JPEG, PNG file") as exc:
        right_to_work_correct(check=rtw, by=staff, document_type="uk_passport", checked_on=days_ago(3),
                              image=SimpleUploadedFile("passport.png", b"#!/bin/sh\nrm -rf /" * 20))
    assert "image" in exc.value.message_dict
    rtw.refresh_from_db()
    assert rtw.image.name == old and stored(old)


def test_a_right_to_work_check_date_cannot_move_into_the_future(rtw, staff):
    with pytest.raises(ValidationError, match="The check date cannot be in the future") as exc:
        right_to_work_correct(check=rtw, by=staff, document_type="uk_passport",
                              checked_on=TODAY() + datetime.timedelta(days=1))
    assert "checked_on" in exc.value.message_dict


def test_removing_a_right_to_work_check_deletes_its_image(rtw, staff, django_capture_on_commit_callbacks):
    image, pk = rtw.image.name, rtw.pk
    assert stored(image)
    with django_capture_on_commit_callbacks(execute=True):
        right_to_work_remove(check=rtw, by=staff)
    assert not RightToWorkCheck.objects.filter(pk=pk).exists()
    assert not stored(image)
    event = AuditEvent.objects.get(action="right_to_work.remove")
    assert event.object_id == str(pk) and event.learner_id == rtw.learner_id


def test_a_rolled_back_removal_keeps_the_image(rtw, staff):
    from django.db import transaction

    image = rtw.image.name
    with pytest.raises(RuntimeError), transaction.atomic():
        right_to_work_remove(check=rtw, by=staff)
        raise RuntimeError("something failed after the removal")
    assert RightToWorkCheck.objects.filter(pk=rtw.pk).exists() and stored(image)


# --- services: employment history ---------------------------------------------------------------------------


def test_staff_correct_an_employment_history_entry(job, staff):
    employment_history_correct(entry=job, by=staff, employer="Blackpool Pleasure Beach",
                               role="Ride attendant", started_on=datetime.date(2020, 4, 1), ended_on=None)
    job.refresh_from_db()
    assert job.role == "Ride attendant" and job.ended_on is None
    assert "role" in AuditEvent.objects.get(action="employment_history.correct").note


def test_a_job_cannot_be_corrected_to_end_before_it_started(job, staff):
    with pytest.raises(ValidationError, match="The end date must be after the start date") as exc:
        employment_history_correct(entry=job, by=staff, employer="X", role="Y",
                                   started_on=datetime.date(2022, 1, 1), ended_on=datetime.date(2021, 1, 1))
    assert exc.value.message_dict["ended_on"] == ["The end date must be after the start date."]
    job.refresh_from_db()
    assert job.employer == "Blackpool Pleasure Beach"


def test_staff_remove_an_employment_history_entry(job, staff):
    employment_history_remove(entry=job, by=staff)
    assert not EmploymentHistoryEntry.objects.exists()
    assert AuditEvent.objects.filter(action="employment_history.remove", object_id=str(job.pk)).exists()


# --- services: who may -----------------------------------------------------------------------------------


def _correct(kind, record, by):
    if kind == "reference":
        return reference_correct(reference=record, by=by, referee_name="Z", relationship="Z",
                                 requested_on=days_ago(10))
    if kind == "right_to_work":
        return right_to_work_correct(check=record, by=by, document_type="brp", checked_on=days_ago(3))
    return employment_history_correct(entry=record, by=by, employer="Z", role="Z",
                                      started_on=datetime.date(2020, 4, 1))


def _remove(kind, record, by):
    keyword = {"reference": "reference", "right_to_work": "check", "employment": "entry"}[kind]
    service = {"reference": reference_remove, "right_to_work": right_to_work_remove,
               "employment": employment_history_remove}[kind]
    return service(**{keyword: record}, by=by)


@pytest.mark.parametrize("kind", ["reference", "right_to_work", "employment"])
@pytest.mark.parametrize("persona", ["other_locality_staff", "learner", "provider_user", "partner"])
def test_only_staff_who_work_with_the_learner_may_correct_or_remove(records, request, kind, persona):
    someone = request.getfixturevalue(persona)
    someone = getattr(someone, "user", someone)
    record = records[kind]
    with pytest.raises(PermissionDenied):
        _correct(kind, record, someone)
    with pytest.raises(PermissionDenied):
        _remove(kind, record, someone)
    assert type(record).objects.filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action__in=CHANGE_ACTIONS).exists()


@pytest.mark.parametrize("kind", ["reference", "right_to_work", "employment"])
def test_a_ready_personnel_file_is_rebuilt_after_a_correction_or_removal(records, staff, kind):
    learner = records[kind].learner
    personnel_file = ready_file(learner)
    _correct(kind, records[kind], staff)
    assert TaskRecord.objects.filter(name="learners.tasks.personnel_file_build_task",
                                     kwargs__learner_id=learner.pk).count() == 1
    personnel_file.refresh_from_db()
    assert personnel_file.state == PersonnelFile.State.READY  # still downloadable until the new one is swapped in
    _remove(kind, records[kind], staff)
    assert TaskRecord.objects.filter(name="learners.tasks.personnel_file_build_task").count() == 2


@pytest.mark.parametrize("state", [None, PersonnelFile.State.PENDING, PersonnelFile.State.FAILED])
def test_no_rebuild_is_asked_for_when_there_is_no_ready_file(reference, staff, state):
    if state:
        PersonnelFile.objects.create(learner=reference.learner, state=state)
    _remove("reference", reference, staff)
    assert not TaskRecord.objects.exists()


# --- pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["reference", "right_to_work", "employment"])
def test_the_learner_page_links_to_correct_and_remove_each_record(client_for, staff, records, kind):
    body = client_for(staff).get(reverse("learners:detail", args=[records[kind].learner_id])).content.decode()
    assert reverse("learners:record_edit", args=[kind, records[kind].pk]) in body
    assert reverse("learners:record_remove", args=[kind, records[kind].pk]) in body


@pytest.mark.parametrize("kind", ["reference", "right_to_work", "employment"])
def test_staff_correct_each_kind_of_record_from_its_page(client_for, staff, records, kind):
    client = client_for(staff)
    url = reverse("learners:record_edit", args=[kind, records[kind].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, POSTS[kind]())
    assert response.status_code == 302
    assert response["Location"] == reverse("learners:detail", args=[records[kind].learner_id])
    records[kind].refresh_from_db()
    assert AuditEvent.objects.filter(object_id=str(records[kind].pk), action__endswith=".correct").exists()


def test_the_edit_form_starts_with_the_records_current_values(client_for, staff, reference):
    body = client_for(staff).get(reverse("learners:record_edit", args=["reference", reference.pk])).content.decode()
    assert 'value="Ann Hughes"' in body and f'value="{days_ago(10).isoformat()}"' in body


def test_a_bad_correction_is_explained_and_what_was_typed_is_kept(client_for, staff, reference):
    post = {**POSTS["reference"](), "received_on": days_ago(20).isoformat()}
    response = client_for(staff).post(reverse("learners:record_edit", args=["reference", reference.pk]), post)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="form-errors"' in body
    assert "The date received cannot be before the date it was requested." in body
    assert 'value="Anne Hughes"' in body and 'value="anne@example.test"' in body
    reference.refresh_from_db()
    assert reference.referee_name == "Ann Hughes"


def test_staff_replace_a_document_image_from_the_page(client_for, staff, rtw, django_capture_on_commit_callbacks):
    old = rtw.image.name
    url = reverse("learners:record_edit", args=["right_to_work", rtw.pk])
    assert "Remove the document image" in client_for(staff).get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(url, {**POSTS["right_to_work"](),
                                                "image": SimpleUploadedFile("p.png", PNG, content_type="image/png")})
    assert response.status_code == 302
    rtw.refresh_from_db()
    assert rtw.image.name != old and not stored(old) and os.path.basename(rtw.image.name).endswith(".png")


def test_a_fake_image_is_refused_on_the_page_with_the_typed_answers_kept(client_for, staff, rtw):
    url = reverse("learners:record_edit", args=["right_to_work", rtw.pk])
    response = client_for(staff).post(url, {**POSTS["right_to_work"](),
                                            "image": SimpleUploadedFile("p.png", b"MZ" + b"\x00" * 100)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "not a PDF, JPEG, PNG file" in body
    assert 'value="share_code" selected' in body
    rtw.refresh_from_db()
    assert rtw.document_type == "uk_passport"


@pytest.mark.parametrize("kind", ["reference", "right_to_work", "employment"])
def test_removing_asks_first_and_removes_only_on_post(client_for, staff, records, kind):
    client = client_for(staff)
    record = records[kind]
    url = reverse("learners:record_remove", args=[kind, record.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="confirm-remove"' in page.content.decode() and 'method="post"' in page.content.decode()
    assert type(record).objects.filter(pk=record.pk).exists()  # a GET never removes
    response = client.post(url)
    assert response.status_code == 302
    assert not type(record).objects.filter(pk=record.pk).exists()


def test_an_unknown_kind_of_record_is_404(client_for, staff, reference):
    assert client_for(staff).get(reverse("learners:record_edit", args=["dbs", reference.pk])).status_code == 404


@pytest.mark.parametrize("action", ["record_edit", "record_remove"])
@pytest.mark.parametrize("kind", ["reference", "right_to_work", "employment"])
@pytest.mark.parametrize("persona,status", [
    ("other_locality_staff", 404), ("learner", 403), ("other_learner", 403), ("provider_user", 403),
    ("partner", 403),
])
def test_everyone_else_is_refused(client_for, request, records, action, kind, persona, status):
    user = request.getfixturevalue(persona)
    client = client_for(getattr(user, "user", user))
    record = records[kind]
    url = reverse(f"learners:{action}", args=[kind, record.pk])
    assert client.get(url).status_code == status
    assert client.post(url, POSTS[kind]()).status_code == status
    assert type(record).objects.filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action__in=CHANGE_ACTIONS).exists()


@pytest.mark.parametrize("action", ["record_edit", "record_remove"])
def test_anonymous_visitors_are_sent_to_sign_in(client, reference, action):
    response = client.post(reverse(f"learners:{action}", args=["reference", reference.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Reference.objects.filter(pk=reference.pk).exists()


@pytest.mark.parametrize("kind", ["reference", "right_to_work", "employment"])
def test_staff_cannot_reach_another_localitys_record_by_changing_the_id(client_for, staff, other_locality, kind):
    """IDOR: the record's id is in the URL; a record of a learner outside the staff member's localities is 404."""
    from tests.factories import LearnerFactory

    outsider = LearnerFactory(locality=other_locality)
    record = {
        "reference": lambda: ReferenceFactory(learner=outsider),
        "right_to_work": lambda: RightToWorkCheck.objects.create(learner=outsider, document_type="brp",
                                                                 checked_on=days_ago(1)),
        "employment": lambda: EmploymentHistoryEntry.objects.create(learner=outsider, employer="X", role="Y",
                                                                    started_on=days_ago(400)),
    }[kind]()
    client = client_for(staff)
    for action in ("record_edit", "record_remove"):
        url = reverse(f"learners:{action}", args=[kind, record.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, POSTS[kind]()).status_code == 404
    assert type(record).objects.filter(pk=record.pk).exists()


def test_a_record_of_one_kind_cannot_be_reached_under_another_kinds_id(client_for, staff, other_locality, reference):
    """The id is looked up in the table of the kind named in the URL: a matching id elsewhere gives nothing."""
    from tests.factories import LearnerFactory

    outsider = LearnerFactory(locality=other_locality)
    foreign = EmploymentHistoryEntry.objects.create(learner=outsider, employer="X", role="Y", started_on=days_ago(9))
    response = client_for(staff).post(reverse("learners:record_remove", args=["employment", foreign.pk]))
    assert response.status_code == 404
    assert EmploymentHistoryEntry.objects.filter(pk=foreign.pk).exists()

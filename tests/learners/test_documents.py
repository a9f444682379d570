"""References, right-to-work checks (with a private, audited document image) and employment history."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent
from academy.uploads import MAX_UPLOAD_BYTES
from learners.models import EmploymentHistoryEntry, Reference, RightToWorkCheck
from learners.services.documents import reference_mark_received, right_to_work_record
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PDF = b"%PDF-1.7\n" + b"x" * 200


def upload(name="passport.png", content=PNG, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- references -------------------------------------------------------------------------------


def test_staff_request_a_reference_and_mark_it_received(client_for, staff, learner):
    client = client_for(staff)
    client.post(reverse("learners:learner_add", args=[learner.pk, "reference"]), {
        "referee_name": "Ann Hughes", "relationship": "Volunteer co-ordinator", "referee_email": "ann@example.test",
        "requested_on": (TODAY() - datetime.timedelta(days=3)).isoformat()})
    reference = Reference.objects.get(learner=learner)
    assert not reference.is_received
    client.post(reverse("learners:reference_received", args=[reference.pk]), {"received_on": TODAY().isoformat()})
    reference.refresh_from_db()
    assert reference.received_on == TODAY()


def test_a_reference_cannot_arrive_before_it_was_asked_for(learner, staff):
    reference = ReferenceFactory(learner=learner, requested_on=TODAY())
    with pytest.raises(ValidationError, match="reference_received_after_requested"):
        reference_mark_received(reference=reference, by=staff,
                                received_on=TODAY() - datetime.timedelta(days=1))
    reference.refresh_from_db()
    assert reference.received_on is None


def test_a_reference_requested_in_the_future_is_refused_and_the_form_kept(client_for, staff, learner):
    response = client_for(staff).post(reverse("learners:learner_add", args=[learner.pk, "reference"]), {
        "referee_name": "Ann Hughes", "relationship": "Employer",
        "requested_on": (TODAY() + datetime.timedelta(days=2)).isoformat()})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert 'value="Ann Hughes"' in response.content.decode()
    assert not Reference.objects.exists()


def test_other_locality_staff_cannot_mark_a_reference_received(client_for, other_locality_staff, learner):
    reference = ReferenceFactory(learner=learner)
    response = client_for(other_locality_staff).post(reverse("learners:reference_received", args=[reference.pk]),
                                                     {"received_on": TODAY().isoformat()})
    assert response.status_code == 404
    reference.refresh_from_db()
    assert reference.received_on is None


# --- right to work ----------------------------------------------------------------------------


def _rtw_post(**files):
    return {"document_type": "uk_passport", "checked_on": TODAY().isoformat(), **files}


def test_a_right_to_work_check_without_an_image_is_fine(client_for, staff, learner):
    client_for(staff).post(reverse("learners:learner_add", args=[learner.pk, "right_to_work"]), _rtw_post())
    check = RightToWorkCheck.objects.get(learner=learner)
    assert check.checked_by == staff and not check.image


@pytest.mark.parametrize(("content", "content_type"), [(PNG, "image/png"), (PDF, "application/pdf"),
                                                       (b"\xff\xd8\xff\xe0" + b"0" * 100, "image/jpeg")])
def test_pdf_jpeg_and_png_images_are_stored_privately_under_a_random_name(client_for, staff, learner, content,
                                                                          content_type):
    client_for(staff).post(reverse("learners:learner_add", args=[learner.pk, "right_to_work"]),
                           _rtw_post(image=upload("Jane Smith passport.bin", content, "application/octet-stream")))
    check = RightToWorkCheck.objects.get(learner=learner)
    assert check.image_content_type == content_type
    assert "Jane" not in check.image.name and check.image.name.startswith("right-to-work/")
    assert check.image.path.startswith(str(settings.MEDIA_ROOT))
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


def test_a_file_that_only_claims_to_be_an_image_is_refused(client_for, staff, learner):
    fake = upload("passport.png", b"<?php system($_GET['c']); ?>", "image/png")
    response = client_for(staff).post(reverse("learners:learner_add", args=[learner.pk, "right_to_work"]),
                                      _rtw_post(image=fake))
    assert response.status_code == 400
    assert "is not a PDF, JPEG, PNG file" in response.content.decode()
    assert not RightToWorkCheck.objects.exists()


def test_an_image_that_is_too_large_is_refused(client_for, staff, learner):
    big = upload("passport.png", PNG + b"\x00" * MAX_UPLOAD_BYTES)
    response = client_for(staff).post(reverse("learners:learner_add", args=[learner.pk, "right_to_work"]),
                                      _rtw_post(image=big))
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not RightToWorkCheck.objects.exists()


def test_the_service_refuses_a_bad_file_too(learner, staff):
    with pytest.raises(ValidationError, match="not a PDF"):
        right_to_work_record(learner=learner, by=staff, document_type="uk_passport", checked_on=TODAY(),
                             image=upload(content=b"GIF89a" + b"0" * 50))


@pytest.fixture
def rtw_with_image(learner, staff):
    return right_to_work_record(learner=learner, by=staff, document_type="share_code", checked_on=TODAY(),
                                image=upload())


def test_staff_download_the_image_and_the_opening_is_audited(client_for, staff, rtw_with_image):
    response = client_for(staff).get(reverse("learners:right_to_work_file", args=[rtw_with_image.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="right_to_work.view_file", object_id=str(rtw_with_image.pk),
                                     actor=staff).exists()


def test_other_locality_staff_get_404_for_the_image(client_for, other_locality_staff, rtw_with_image):
    url = reverse("learners:right_to_work_file", args=[rtw_with_image.pk])
    assert client_for(other_locality_staff).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="right_to_work.view_file").exists()


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_providers_and_partners_cannot_download_the_image(client_for, request, persona, rtw_with_image):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("learners:right_to_work_file", args=[rtw_with_image.pk])).status_code == 403


def test_the_learner_cannot_download_it_from_the_staff_url(client_for, rtw_with_image):
    url = reverse("learners:right_to_work_file", args=[rtw_with_image.pk])
    assert client_for(rtw_with_image.learner.user).get(url).status_code == 403


def test_anonymous_cannot_download_the_image(client, rtw_with_image):
    response = client.get(reverse("learners:right_to_work_file", args=[rtw_with_image.pk]))
    assert response.status_code == 302


def test_there_is_no_public_url_for_uploads():
    assert not getattr(settings, "MEDIA_URL", "") or settings.MEDIA_URL in ("", "/")


# --- employment history -----------------------------------------------------------------------


def test_staff_add_employment_history(client_for, staff, learner):
    client_for(staff).post(reverse("learners:learner_add", args=[learner.pk, "employment"]), {
        "employer": "Tesco", "role": "Customer assistant", "started_on": "2019-03-01", "ended_on": "2023-06-30",
        "reason_for_leaving": "Caring for my mum"})
    assert EmploymentHistoryEntry.objects.get(learner=learner).employer == "Tesco"


def test_a_job_that_ends_before_it_starts_is_refused(client_for, staff, learner):
    response = client_for(staff).post(reverse("learners:learner_add", args=[learner.pk, "employment"]), {
        "employer": "Tesco", "role": "Customer assistant", "started_on": "2023-03-01", "ended_on": "2020-06-30"})
    assert response.status_code == 400
    assert "end date must be after the start date" in response.content.decode()
    assert not EmploymentHistoryEntry.objects.exists()


def test_an_unknown_record_type_is_404(client_for, staff, learner):
    assert client_for(staff).get(reverse("learners:learner_add", args=[learner.pk, "passport"])).status_code == 404


def test_other_locality_staff_cannot_add_records(client_for, other_locality_staff, learner):
    response = client_for(other_locality_staff).post(
        reverse("learners:learner_add", args=[learner.pk, "employment"]),
        {"employer": "X", "role": "Y", "started_on": "2020-01-01"})
    assert response.status_code == 404
    assert not EmploymentHistoryEntry.objects.exists()


def test_upload_size_is_checked_without_reading_the_whole_file(learner):
    from academy.uploads import validate_upload

    stream = io.BytesIO(PNG)
    stream.size = len(PNG)
    assert validate_upload(stream).name == "PNG"
    assert stream.tell() == 0

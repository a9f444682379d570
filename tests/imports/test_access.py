"""Imports are for academy staff; a batch (personal data) is its uploader's alone."""

import pytest
from django.urls import reverse

from imports.models import ImportBatch
from learners.models import Learner

from .conftest import LEARNER_HEADINGS, csv_bytes, learner_row

pytestmark = pytest.mark.django_db

PAGES = ["/academy/imports/", "/academy/imports/learners/upload/", "/academy/imports/learners/template.csv",
         "/academy/imports/providers/template.xlsx"]


@pytest.mark.parametrize("persona", ["provider_user", "learner", "partner"])
@pytest.mark.parametrize("path", PAGES)
def test_other_roles_are_refused_every_import_page(client_for, request, persona, path):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    assert client_for(user).get(path).status_code == 403


@pytest.mark.parametrize("persona", ["provider_user", "learner", "partner"])
def test_other_roles_cannot_upload(client_for, request, persona):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(user).post("/academy/imports/learners/upload/", {
        "file": SimpleUploadedFile("a.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))})
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    response = client.get("/academy/imports/")
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_another_staff_member_can_neither_see_nor_confirm_your_batch(client_for, staff, upload, locality):
    from tests.factories import UserFactory

    upload(staff, "learners", "a.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))
    batch = ImportBatch.objects.get()
    colleague = UserFactory(staff=True)
    colleague.localities.add(locality)
    client = client_for(colleague)
    assert client.get(f"/academy/imports/batch/{batch.public_id}/").status_code == 404
    assert client.post(f"/academy/imports/batch/{batch.public_id}/confirm/").status_code == 404
    assert Learner.objects.count() == 0
    assert ImportBatch.objects.get().confirmed_at is None


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_other_roles_cannot_see_or_confirm_a_batch(client_for, request, staff, upload, persona):
    upload(staff, "learners", "a.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))
    batch = ImportBatch.objects.get()
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/academy/imports/batch/{batch.public_id}/").status_code == 403
    assert client.post(f"/academy/imports/batch/{batch.public_id}/confirm/").status_code == 403
    assert Learner.objects.count() == 0


def test_the_preview_is_only_the_uploaders_even_through_the_service(staff, upload, locality):
    from django.core.exceptions import ValidationError

    from imports.services import import_batch_confirm
    from tests.factories import UserFactory

    upload(staff, "learners", "a.csv", csv_bytes([LEARNER_HEADINGS, learner_row()]))
    with pytest.raises(ValidationError, match="Only the person who uploaded"):
        import_batch_confirm(batch=ImportBatch.objects.get(), by=UserFactory(staff=True))
    assert Learner.objects.count() == 0

"""A learner taken on by phone or at a drop-in may have no email address (they get letters or texts):
every page and service that shows or uses a learner copes with that."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from learners.gdpr import learner_data_export, learner_erase
from learners.models import Enquiry, Learner
from learners.personnel.context import personnel_file_context
from learners.services.registration import learner_record
from tests.factories import ApplicationFactory, LearnerFactory


@pytest.fixture
def no_email(locality):
    return LearnerFactory(user=None, email="", phone="07700 900123", first_name="Dot", last_name="Cotton",
                          locality=locality)


def test_a_learner_without_email_is_valid(no_email):
    no_email.full_clean()
    assert Learner.objects.get(pk=no_email.pk).email == ""


def test_staff_open_a_learner_without_email(client_for, staff, no_email):
    ApplicationFactory(learner=no_email)
    response = client_for(staff).get(reverse("learners:detail", args=[no_email.pk]))
    assert response.status_code == 200
    assert "No email address" in response.content.decode()


def test_staff_find_a_learner_without_email_by_name_and_phone(client_for, staff, no_email):
    client = client_for(staff)
    assert "Cotton" in client.get(reverse("workqueue:search"), {"q": "Dot Cotton"}).content.decode()
    assert "Cotton" in client.get(reverse("workqueue:search"), {"q": "07700900123"}).content.decode()


def test_an_email_search_never_matches_learners_without_email(client_for, staff, no_email):
    assert "Cotton" not in client_for(staff).get(reverse("workqueue:search"), {"q": "@"}).content.decode()


def test_the_personnel_file_does_not_count_email_as_missing_when_there_is_a_phone(no_email):
    details = personnel_file_context(learner_id=no_email.pk)["by_key"]["details"]
    assert "email" not in details.summary
    assert ("Email", "Not recorded") in details.rows


def test_the_data_export_and_erasure_work_without_email(no_email, staff):
    data = json.loads(zipfile.ZipFile(io.BytesIO(learner_data_export(learner=no_email))).read("data.json"))
    assert data["learner"]["email"] == "" and data["account"] is None
    learner_erase(learner=no_email, by=staff, reason="Asked by phone")
    no_email.refresh_from_db()
    assert no_email.erased_at is not None


def test_enquiries_without_email_are_not_linked_to_a_learner_without_email(no_email, staff, locality):
    from learners.services.applications import enquiry_record

    enquiry = enquiry_record(by=staff, name="Someone Else", source=Enquiry.Source.JOB_FAIR,
                             enquired_on=no_email.created_at.date(), locality=locality, phone="07123 456789")
    assert enquiry.learner is None


@pytest.mark.parametrize(("email", "phone", "expected"), [
    ("dot@example.test", "07123 456789", Learner.ContactPreference.EMAIL),
    ("", "07123 456789", Learner.ContactPreference.TEXT),
    ("dot@example.test", "", Learner.ContactPreference.EMAIL),
])
def test_a_learner_recorded_without_an_account_is_reached_the_way_their_details_allow(locality, email, phone,
                                                                                      expected):
    learner = learner_record(first_name="Dot", last_name="Cotton", postcode="FY1 1AA", locality=locality,
                             email=email, phone=phone)
    assert learner.contact_preference == expected


def test_someone_with_neither_email_nor_phone_would_be_written_to():
    assert Learner.contact_preference_for(email="", phone="") == Learner.ContactPreference.LETTER

"""Erasure of a learner whose records went through real use: a built and released personnel file,
an uploaded document, a DBS check with disclosed information, audited sign-ins and open sessions."""

import pytest
from allauth.usersessions.models import UserSession
from django.core.files.base import ContentFile
from django.urls import reverse

from academy.models import AuditEvent, Session
from academy.services import audit_record
from learners import gdpr
from learners.gdpr import learner_erase, learner_related_records
from learners.models import DbsCheck, PersonnelFile, PersonnelFileRelease, RightToWorkCheck
from learners.personnel.permissions import release_token
from learners.personnel.services import personnel_file_build
from tests.factories.personnel import release_for, work_ready_learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.fixture
def released(locality, staff, provider_user):
    """A work-ready learner with a right-to-work image, a built personnel file and a live release."""
    ready = work_ready_learner(locality=locality, provider=provider_user.provider, staff=staff)
    check = RightToWorkCheck.objects.get(learner=ready.learner)
    check.image.save("passport.pdf", ContentFile(b"%PDF-1.4 passport"), save=True)
    personnel_file_build(learner_id=ready.learner.pk, by_id=staff.pk)
    ready.release = release_for(ready, by=staff)
    return ready


def _stored_names(learner):
    rtw = RightToWorkCheck.objects.get(learner=learner)
    pdf = PersonnelFile.objects.get(learner=learner).pdf
    return [(rtw.image.storage, rtw.image.name), (pdf.storage, pdf.name)]


def test_erasing_a_learner_whose_personnel_file_was_built_succeeds_and_breaks_no_constraint(
        released, staff, django_capture_on_commit_callbacks):
    learner = released.learner
    stored = _stored_names(learner)

    with django_capture_on_commit_callbacks(execute=True):
        learner_erase(learner=learner, by=staff, reason="Requested by email")

    learner.refresh_from_db()
    assert learner.erased_at is not None
    personnel_file = PersonnelFile.objects.get(learner=learner)
    assert personnel_file.state == PersonnelFile.State.WITHDRAWN and not personnel_file.pdf
    assert not any(storage.exists(name) for storage, name in stored)
    assert not PersonnelFileRelease.objects.filter(learner=learner, revoked_at__isnull=True).exists()
    for records in learner_related_records(learner=learner).values():
        for record in records:
            record.validate_constraints()


def test_a_failed_erasure_deletes_no_file_and_changes_nothing(released, staff, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    learner = released.learner
    stored = _stored_names(learner)

    def broken_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(gdpr, "audit_record", broken_audit)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError, match="audit store"):
        learner_erase(learner=learner, by=staff, reason="Requested by email")

    learner.refresh_from_db()
    assert learner.erased_at is None
    assert all(storage.exists(name) for storage, name in stored)
    assert PersonnelFile.objects.get(learner=learner).state == PersonnelFile.State.READY
    assert PersonnelFileRelease.objects.filter(learner=learner, revoked_at__isnull=True).exists()


def test_after_erasure_every_download_refuses_cleanly(released, staff, provider_user, client,
                                                      django_capture_on_commit_callbacks):
    learner = released.learner
    token = release_token(released.release)
    with django_capture_on_commit_callbacks(execute=True):
        learner_erase(learner=learner, by=staff, reason="Requested by email")

    client.force_login(staff)
    assert client.get(reverse("learners:personnel_file_download", args=[learner.pk])).status_code == 404
    client.force_login(provider_user)
    assert client.get(reverse("learners:provider_personnel_file_download", args=[token])).status_code == 410


def test_the_erase_page_works_for_a_learner_with_a_built_file(released, staff, client_for):
    response = client_for(staff).post(reverse("learners:erase", args=[released.learner.pk]),
                                      {"reason": "Requested in person", "confirm": "on"})
    assert response.status_code == 302
    released.learner.refresh_from_db()
    assert released.learner.erased_at is not None


def test_erasure_keeps_no_dbs_content_dates_or_level(released, staff):
    learner_erase(learner=released.learner, by=staff, reason="Requested by email")
    assert not DbsCheck.objects.filter(learner=released.learner).exists()
    assert not DbsCheck.objects.filter(pk=released.dbs.pk).exists()


def test_erasure_replaces_the_learners_email_and_ip_in_the_audit_log_with_a_stable_pseudonym(
        rf, learner, staff):
    request = rf.get("/", REMOTE_ADDR="203.0.113.7")
    audit_record(action="auth.login", actor=learner.user, request=request)
    audit_record(action="learner.data_exported", actor=learner.user, request=request, learner_id=learner.pk)
    staff_event = audit_record(action="learner.view", actor=staff, request=rf.get("/", REMOTE_ADDR="198.51.100.2"),
                               learner_id=learner.pk)
    email = learner.user.email

    learner_erase(learner=learner, by=staff, reason="Requested by email")

    events = AuditEvent.objects.filter(actor=learner.user)
    assert events.count() == 2
    pseudonyms = set(events.values_list("actor_email", flat=True))
    assert len(pseudonyms) == 1
    pseudonym = pseudonyms.pop()
    assert pseudonym.startswith("erased-learner-")
    assert not AuditEvent.objects.filter(actor_email__icontains=email).exists()
    assert not events.exclude(ip_address=None).exists()
    staff_event.refresh_from_db()
    assert staff_event.actor_email == staff.email and staff_event.ip_address == "198.51.100.2"
    learner.user.refresh_from_db()
    assert learner.user.email.startswith(pseudonym)
    # The same learner always gets the same pseudonym, so the trail can still be followed.
    assert gdpr.erased_learner_pseudonym(user_id=learner.user.pk) == pseudonym


def test_erasure_ends_the_learners_sessions(learner, staff, client):
    client.force_login(learner.user)
    assert client.get(reverse("learners:me")).status_code in (200, 302)
    key = client.session.session_key
    # What allauth's usersessions records at sign-in: the session, the address and the browser.
    UserSession.objects.create(user=learner.user, session_key=key, ip="203.0.113.7", user_agent="Firefox")

    learner_erase(learner=learner, by=staff, reason="Requested by email")

    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(user=learner.user).exists()
    # The erased learner's next request is anonymous.
    response = client.get(reverse("learners:me"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_build_requested_after_erasure_makes_no_file(released, staff, client_for, private_media_root,
                                                       django_capture_on_commit_callbacks):
    learner = released.learner
    with django_capture_on_commit_callbacks(execute=True):
        learner_erase(learner=learner, by=staff, reason="Requested by email")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(reverse("learners:personnel_file_build", args=[learner.pk]))
    record = PersonnelFile.objects.get(learner=learner)
    assert record.state == PersonnelFile.State.WITHDRAWN and not record.pdf
    assert not list((private_media_root / "personnel-files").glob(f"{learner.pk}-*"))

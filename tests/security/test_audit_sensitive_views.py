"""Staff views of DBS and right-to-work records are audited, by reference only (never the data itself)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent
from learners.models import RightToWorkCheck
from tests.factories import DbsCheckFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def right_to_work(learner, staff):
    return RightToWorkCheck.objects.create(
        learner=learner, document_type=RightToWorkCheck.DocumentType.SHARE_CODE, checked_on=timezone.localdate(),
        checked_by=staff, image=ContentFile(b"%PDF-1.4 share code", name="share.pdf"),
        image_content_type="application/pdf",
    )


def test_opening_a_learner_records_each_right_to_work_and_dbs_record_shown(client_for, staff, learner, right_to_work):
    dbs = DbsCheckFactory(learner=learner, by=staff)
    assert client_for(staff).get(reverse("learners:detail", args=[learner.pk])).status_code == 200
    rtw_event = AuditEvent.objects.get(action="right_to_work.view")
    assert (rtw_event.actor, rtw_event.object_id, rtw_event.learner_id) == (staff, str(right_to_work.pk), learner.pk)
    assert AuditEvent.objects.filter(action="dbs.view", object_id=str(dbs.pk), actor=staff).exists()


def test_opening_the_right_to_work_document_is_audited_without_its_content(client_for, staff, learner, right_to_work):
    response = client_for(staff).get(reverse("learners:right_to_work_file", args=[right_to_work.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="right_to_work.view_file")
    assert event.learner_id == learner.pk and event.ip_address
    logged = " ".join(str(v) for v in AuditEvent.objects.values_list("note", "object_type", "object_id"))
    assert "share" not in logged.lower() and right_to_work.get_document_type_display() not in logged


def test_a_refused_opening_leaves_no_view_event(client_for, other_locality_staff, learner, right_to_work):
    response = client_for(other_locality_staff).get(reverse("learners:right_to_work_file", args=[right_to_work.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="right_to_work.").exists()


def test_the_subject_access_download_and_erasure_are_in_the_audit_log_staff_search(client_for, staff, learner):
    client_for(learner.user).get(reverse("learners:my_data"))
    response = client_for(staff).get(reverse("academy:audit_log"), {"action": "learner.data_exported"})
    assert response.status_code == 200
    assert "learner.data_exported" in response.content.decode()

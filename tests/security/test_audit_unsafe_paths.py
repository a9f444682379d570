"""A refused request whose path holds a NUL byte or is very long is still recorded in the audit log.

PostgreSQL refuses NUL in text, so storing the raw path made the refusal itself fail with a 500.
"""

import pytest

from academy.models import AuditEvent
from academy.services import audit_record

pytestmark = pytest.mark.django_db


def test_a_refused_path_with_a_nul_byte_gets_a_403_and_an_audit_record(client_for, learner):
    client = client_for(learner.user)
    response = client.get(f"/learners/{learner.pk}/add/ref%00erence/")
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="access.refused")
    assert "\x00" not in event.note
    assert "ref\\x00erence" in event.note


def test_the_audit_service_stores_notes_without_nul_and_within_the_column(db):
    event = audit_record(action="access.refused", note="GET /" + "\x00" * 300)
    event.refresh_from_db()
    assert "\x00" not in event.note
    assert len(event.note) == AuditEvent._meta.get_field("note").max_length

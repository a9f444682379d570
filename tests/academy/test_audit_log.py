"""The audit log page: staff search it; nobody edits or deletes it, in the portal or the admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent
from academy.services import audit_record
from tests.factories import UserFactory

URL = reverse("academy:audit_log")


@pytest.fixture
def events(staff, provider_user, learner):
    audit_record(action="auth.login", actor=staff)
    audit_record(action="auth.login_failed", actor=provider_user)
    audit_record(action="learner.viewed", actor=staff, learner_id=learner.pk, obj=learner)
    old = audit_record(action="dbs.viewed", actor=provider_user, learner_id=learner.pk)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    return learner


def _rows(response):
    return response.content.decode().count('data-testid="audit-row"')


def test_staff_see_every_event_newest_first(client_for, staff, events):
    response = client_for(staff).get(URL)
    assert response.status_code == 200
    assert _rows(response) == 4
    actions = [e.action for e in response.context["page"]]
    assert actions[-1] == "dbs.viewed"


def test_search_by_who(client_for, staff, provider_user, events):
    response = client_for(staff).get(URL, {"actor_email": "provider@"})
    assert {e.actor_email for e in response.context["page"]} == {provider_user.email}


def test_search_by_action_or_its_start(client_for, staff, events):
    client = client_for(staff)
    assert _rows(client.get(URL, {"action": "auth.login_failed"})) == 1
    assert _rows(client.get(URL, {"action": "auth."})) == 2


def test_search_by_learner(client_for, staff, events):
    response = client_for(staff).get(URL, {"learner_id": events.pk})
    assert {e.action for e in response.context["page"]} == {"learner.viewed", "dbs.viewed"}


def test_search_by_date_range(client_for, staff, events):
    today = timezone.localdate()
    client = client_for(staff)
    assert _rows(client.get(URL, {"date_from": today.isoformat()})) == 3
    assert _rows(client.get(URL, {"date_to": (today - timedelta(days=30)).isoformat()})) == 1


def test_a_backwards_date_range_says_why_and_keeps_what_was_typed(client_for, staff, events):
    response = client_for(staff).get(URL, {"date_from": "2026-03-10", "date_to": "2026-03-01", "action": "auth."})
    body = response.content.decode()
    assert "end date must be on or after the start date" in body
    assert 'value="auth."' in body and 'value="2026-03-10"' in body
    assert _rows(response) == 0


def test_a_non_number_learner_id_is_refused_politely(client_for, staff, events):
    response = client_for(staff).get(URL, {"learner_id": "abc"})
    assert response.status_code == 200
    assert "Enter a whole number" in response.content.decode()


def test_the_log_is_paginated_and_the_page_costs_the_same_queries_however_long_it_is(
    client_for, staff, django_assert_max_num_queries
):
    for n in range(120):
        audit_record(action="auth.login", actor=staff, note=str(n))
    client = client_for(staff)
    client.get(URL)  # the first page of a session also records the MFA check
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"action": "auth.", "page": 2})
    assert _rows(response) == 50
    assert "page=3" in response.content.decode() and "action=auth." in response.content.decode()


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_other_roles_are_refused(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_learners_are_refused(client_for, learner):
    assert client_for(learner.user).get(URL).status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_page_only_reads(client_for, staff, events, method):
    response = getattr(client_for(staff), method)(URL)
    assert response.status_code == 405
    assert AuditEvent.objects.count() == 4


# The one exception: erasing a learner (UK GDPR) replaces their email and IP address in the events
# they made with a pseudonym; who did what, to which record and when stays as recorded.
AUDIT_PSEUDONYMISED_BY = {"learners/gdpr.py": {"actor_email", "ip_address"}}


def test_no_url_of_the_portal_writes_to_the_audit_log_except_by_recording():
    """The only code paths that touch AuditEvent create rows; nothing deletes them, and nothing
    updates them except erasure's pseudonymisation of the actor's email and IP address."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    offending = []
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        name = str(path.relative_to(root))
        writes = re.findall(r"AuditEvent\.objects[^\n]*\.(update|delete|bulk_update)\(([^)]*)\)", text)
        for method, arguments in writes:
            fields = set(re.findall(r"(\w+)=", arguments))
            if method != "update" or not fields or not fields <= AUDIT_PSEUDONYMISED_BY.get(name, set()):
                offending.append(name)
    assert offending == []


@pytest.fixture
def admin_staff(db):
    return UserFactory(staff=True, is_superuser=True, email="admin@example.test")


def test_the_admin_shows_audit_events_read_only(client_for, admin_staff, events):
    client = client_for(admin_staff)
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:academy_auditevent_changelist")).status_code == 200
    change_url = reverse("admin:academy_auditevent_change", args=[event.pk])
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"action": "tampered", "note": "x"}).status_code == 403
    assert client.post(reverse("admin:academy_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:academy_auditevent_add")).status_code == 403
    bulk = client.post(reverse("admin:academy_auditevent_changelist"),
                       {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    assert bulk.status_code in (200, 302)
    event.refresh_from_db()
    assert event.action != "tampered"
    assert AuditEvent.objects.exclude(action="access.refused").count() == 4
    assert AuditEvent.objects.filter(action="access.refused", actor=admin_staff).count() == 3


def test_the_staff_home_links_to_the_audit_log(client_for, staff):
    body = client_for(staff).get(reverse("workqueue:home")).content.decode()
    assert f'href="{URL}"' in body

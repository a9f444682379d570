"""Every signed-in request reads its session and its user in one statement sent as written SQL
(academy.sessions.SessionStore, academy.auth_backends), and Django's rules still hold: an expired
session, a deleted or deactivated user and a changed password all sign the visitor out."""

from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from academy.auth_backends import AuthenticationBackend, ModelBackend, get_user
from academy.models import Session, User
from academy.sessions import SessionStore
from tests.factories.academy import PASSWORD, UserFactory


def signed_in(request):
    return HttpResponse(request.user.email if request.user.is_authenticated else "anonymous",
                        content_type="text/plain")


urlpatterns = [path("signed-in/", signed_in)]


def _request_with_session(session_key):
    request = HttpRequest()
    request.session = SessionStore(session_key)
    return request


@pytest.mark.urls(__name__)
def test_a_signed_in_request_reads_its_session_and_user_in_one_statement_without_compiling_a_queryset(
        client, learner, monkeypatch):
    client.force_login(learner.user)
    client.get("/signed-in/")  # the first request stamps the session's refresh time (academy.sessions)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self.query.model) or
                        original(self, *a, **k))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/signed-in/")
    assert response.content.decode() == learner.user.email
    assert len(ctx.captured_queries) == 1
    assert "academy_session" in ctx.captured_queries[0]["sql"]
    assert "academy_user" in ctx.captured_queries[0]["sql"]
    assert compiled == []


def test_the_session_row_names_its_user_and_ends_with_the_account(client, db):
    user = UserFactory()
    client.force_login(user)
    assert Session.objects.get(pk=client.session.session_key).user_id == user.pk
    user.delete()
    assert not Session.objects.exists()


@pytest.mark.urls(__name__)
def test_a_user_read_with_another_session_is_never_used(client, db):
    """The user comes from the session's statement only when it is the user the session's signed
    data names; a row pointing elsewhere changes nothing."""
    user, other = UserFactory(), UserFactory()
    client.force_login(user)
    Session.objects.filter(pk=client.session.session_key).update(user=other)
    assert client.get("/signed-in/").content.decode() == user.email


@pytest.mark.urls(__name__)
def test_an_anonymous_session_reads_no_user(client, db):
    store = SessionStore()
    store["cart"] = "nothing personal"
    store.save()
    assert Session.objects.get(pk=store.session_key).user_id is None
    client.cookies["sessionid"] = store.session_key
    assert client.get("/signed-in/").content == b"anonymous"


@pytest.mark.urls(__name__)
def test_the_user_read_is_whole_and_its_dates_are_aware(client, learner):
    client.force_login(learner.user)
    request = _request_with_session(client.session.session_key)
    user = get_user(request)
    assert user.pk == learner.user.pk and request.session.user_read_with_session.pk == user.pk
    assert user.get_deferred_fields() == set()
    assert timezone.is_aware(user.last_login) and timezone.is_aware(user.date_joined)
    assert user.last_login == User.objects.get(pk=user.pk).last_login


@pytest.mark.urls(__name__)
def test_an_expired_session_is_not_found(client, learner):
    client.force_login(learner.user)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None
    assert client.get("/signed-in/").content == b"anonymous"


@pytest.mark.urls(__name__)
def test_an_unknown_or_malformed_session_key_is_anonymous(client, db):
    for key in ("nosuchsessionkeyatall0000000000", "x'; DROP TABLE academy_session; --"):
        client.cookies["sessionid"] = key
        assert client.get("/signed-in/").content == b"anonymous"
    assert not Session.objects.exists()


@pytest.mark.urls(__name__)
def test_a_deactivated_or_deleted_user_is_signed_out(client, db):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/signed-in/").content.decode() == user.email
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/signed-in/").content == b"anonymous"

    other = UserFactory()
    client.force_login(other)
    User.objects.filter(pk=other.pk).delete()
    assert client.get("/signed-in/").content == b"anonymous"


@pytest.mark.urls(__name__)
def test_a_password_changed_elsewhere_signs_the_session_out(client, db):
    user = UserFactory()
    client.force_login(user)
    user.set_password("another-long-passphrase-entirely")
    user.save()
    assert client.get("/signed-in/").content == b"anonymous"


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_both_backends_find_active_users_only(backend, db):
    active, inactive = UserFactory(), UserFactory(is_active=False)
    assert backend().get_user(active.pk) == active
    assert backend().get_user(inactive.pk) is None
    assert backend().get_user(active.pk + inactive.pk + 1000) is None


def test_signing_in_with_a_password_records_the_portal_backend(client, db):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY].startswith("academy.auth_backends.")
    assert client.get("/accounts/email/").status_code == 200


def test_expired_sessions_are_deleted_every_night(db):
    from academy.tasks import sessions_clear_expired_task
    from config.celery import app

    live_client, expired_client = Client(), Client()
    live_client.force_login(UserFactory())
    expired_client.force_login(UserFactory())
    live, expired = live_client.session.session_key, expired_client.session.session_key
    Session.objects.filter(pk=expired).update(expire_date=timezone.now() - timedelta(seconds=1))

    assert sessions_clear_expired_task.apply().get() == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [live]
    assert app.conf.beat_schedule["clear-expired-sessions"]["task"] == sessions_clear_expired_task.name

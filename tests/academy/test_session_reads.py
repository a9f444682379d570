"""The two reads every signed-in request makes, its session and its user, are sent as written SQL
(academy.sessions.SessionStore, academy.auth_backends) and keep Django's rules: an expired session,
a deleted or deactivated user and a changed password all sign the visitor out."""

from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from academy.auth_backends import AuthenticationBackend, ModelBackend
from academy.models import User
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
def test_a_signed_in_request_reads_its_session_and_user_without_compiling_a_queryset(client, learner, monkeypatch):
    client.force_login(learner.user)
    client.get("/signed-in/")  # the first request stamps the session's refresh time (academy.sessions)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self.query.model) or
                        original(self, *a, **k))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/signed-in/")
    assert response.content.decode() == learner.user.email
    assert len(ctx.captured_queries) == 2
    assert "django_session" in ctx.captured_queries[0]["sql"]
    assert "academy_user" in ctx.captured_queries[1]["sql"]
    assert compiled == []


@pytest.mark.urls(__name__)
def test_the_user_read_is_whole_and_its_dates_are_aware(client, learner):
    client.force_login(learner.user)
    request = _request_with_session(client.session.session_key)
    user = get_user(request)
    assert user.pk == learner.user.pk
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
    for key in ("nosuchsessionkeyatall0000000000", "x'; DROP TABLE django_session; --"):
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

"""Sessions: they end after inactivity, users can see and end their other sessions, a new password ends them."""

import time
from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from academy.middleware import MFA_CHECKED_SESSION_KEY
from academy.models import Session
from academy.sessions import SESSION_REFRESHED_KEY
from tests.factories.academy import PASSWORD

NEW_PASSWORD = "a-brand-new-long-passphrase"  # noqa: S105


def _signed_in_client(user, user_agent):
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_sessions_end_after_thirty_minutes_without_use():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # The expiry is pushed back by academy.sessions, a few minutes at a time, not on every request.
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 5 * 60


def test_a_session_unused_past_its_age_is_signed_out(client_for, learner):
    client = client_for(learner.user)
    assert client.get("/learners/me/").status_code == 200
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/learners/me/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _as_if_last_refreshed(client, seconds_ago):
    """Makes the session look as if its expiry was last pushed back `seconds_ago` seconds ago."""
    session = client.session
    session[SESSION_REFRESHED_KEY] = int(time.time()) - seconds_ago
    session.save()
    expire_date = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds_ago)
    Session.objects.filter(pk=session.session_key).update(expire_date=expire_date)
    return expire_date


def _session_writes(captured):
    return [q["sql"] for q in captured
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and "academy_session" in q["sql"]]


def test_a_signed_in_request_that_changes_nothing_writes_nothing(client_for, learner):
    client = client_for(learner.user)
    client.get("/learners/me/")
    expire_date = _as_if_last_refreshed(client, 60)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/learners/me/")
    assert response.status_code == 200
    assert _session_writes(ctx.captured_queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert _session_row(client).expire_date == expire_date


def test_the_end_of_the_session_moves_back_once_a_few_minutes_have_passed(client_for, learner):
    client = client_for(learner.user)
    client.get("/learners/me/")
    _as_if_last_refreshed(client, settings.SESSION_REFRESH_SECONDS + 1)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/learners/me/")
    assert response.status_code == 200
    assert len(_session_writes(ctx.captured_queries)) == 1
    remaining = _session_row(client).expire_date - timezone.now()
    # Pushed back to the full age again, and never further: the timeout still holds.
    assert timedelta(seconds=settings.SESSION_COOKIE_AGE - 5) < remaining <= timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_a_change_to_the_session_is_saved_at_once(client_for, staff):
    client = client_for(staff)
    client.get(reverse("workqueue:home"))
    _as_if_last_refreshed(client, 60)
    # Visiting an account page makes the MFA check forget this session's pass: that change is saved.
    client.get(reverse("account_change_password"))
    assert MFA_CHECKED_SESSION_KEY not in client.session


def test_an_anonymous_visit_creates_no_session(client, db):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("vacancies:guide"))
    assert response.status_code == 200
    assert _session_writes(ctx.captured_queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_user_sees_their_sessions_and_can_end_the_others(learner):
    laptop = _signed_in_client(learner.user, "Laptop browser")
    phone = _signed_in_client(learner.user, "Phone browser")
    page = laptop.get(reverse("usersessions_list"))
    body = page.content.decode()
    assert body.count('data-testid="session-row"') == 2
    assert "Phone browser" in body and "This browser" in body

    laptop.post(reverse("usersessions_list"))
    assert phone.get("/learners/me/").status_code == 302
    assert laptop.get("/learners/me/").status_code == 200
    assert UserSession.objects.filter(user=learner.user).count() == 1


def test_the_account_pages_link_to_the_session_list(client_for, learner):
    body = client_for(learner.user).get(reverse("account_change_password")).content.decode()
    assert f'href="{reverse("usersessions_list")}"' in body


def test_changing_the_password_ends_every_other_session_but_keeps_this_one(learner):
    laptop = _signed_in_client(learner.user, "Laptop browser")
    phone = _signed_in_client(learner.user, "Phone browser")
    phone_key = phone.session.session_key
    response = laptop.post(reverse("account_change_password"),
                           {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert laptop.get("/learners/me/").status_code == 200
    response = phone.get("/learners/me/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert [s.user_agent for s in UserSession.objects.purge_and_list(learner.user)] == ["Laptop browser"]


@pytest.mark.parametrize("persona", ["staff", "provider_user"])
def test_mfa_users_see_their_sessions_too(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("usersessions_list")).status_code == 200

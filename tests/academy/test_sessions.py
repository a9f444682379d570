"""Sessions: they end after inactivity, users can see and end their other sessions, a new password ends them."""

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_a_session_unused_past_its_age_is_signed_out(client_for, learner):
    client = client_for(learner.user)
    assert client.get("/learners/me/").status_code == 200
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/learners/me/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_each_request_pushes_the_end_of_the_session_back(client_for, learner):
    client = client_for(learner.user)
    client.get("/learners/me/")
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() + timedelta(seconds=60))
    client.get("/learners/me/")
    remaining = _session_row(client).expire_date - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


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

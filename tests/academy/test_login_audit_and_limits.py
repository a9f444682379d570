"""Sign-ins, failures and refusals are logged (never a password); repeated failures are rate limited."""

import pytest
from django.urls import reverse

from academy.models import AuditEvent
from tests.factories.academy import PASSWORD

WRONG = "not-the-password-at-all"  # noqa: S105


def _login(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_a_successful_sign_in_is_logged_with_the_ip_address(client, learner):
    _login(client, learner.user.email, PASSWORD, REMOTE_ADDR="203.0.113.7")
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor, event.actor_email, event.ip_address) == (learner.user, learner.user.email, "203.0.113.7")


def test_a_failed_sign_in_to_a_real_account_names_the_account_but_not_the_password(client, learner):
    _login(client, learner.user.email.upper(), WRONG)
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor == learner.user
    assert event.actor_email == learner.user.email
    for value in AuditEvent.objects.values_list("actor_email", "note", "object_id"):
        assert WRONG not in " ".join(value)


def test_a_failed_sign_in_to_an_unknown_address_stores_neither_the_address_nor_the_password(client, db):
    _login(client, "someone.else@example.test", WRONG)
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None and event.actor_email == ""
    assert event.note == "unknown account"
    assert "someone.else" not in str(list(AuditEvent.objects.values()))


def test_a_forwarded_for_header_is_ignored_unless_a_proxy_is_trusted(client, learner, settings):
    _login(client, learner.user.email, WRONG, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert AuditEvent.objects.get(action="auth.login_failed").ip_address == "10.0.0.5"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _login(client, learner.user.email, WRONG, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert AuditEvent.objects.filter(action="auth.login_failed").first().ip_address == "198.51.100.1"


def test_signing_out_is_logged(client, learner):
    _login(client, learner.user.email, PASSWORD)
    client.post(reverse("account_logout"))
    assert AuditEvent.objects.filter(action="auth.logout", actor=learner.user).count() == 1


@pytest.mark.parametrize("path", ["/academy/", "/academy/audit/", "/providers/"])
def test_refused_access_is_logged_with_the_path_and_answered_403(client_for, learner, path):
    response = client_for(learner.user).get(path + "?q=secret-search")
    assert response.status_code == 403
    assert "You do not have access" in response.content.decode()
    event = AuditEvent.objects.get(action="access.refused")
    assert event.actor == learner.user
    assert event.note == f"GET {path}"  # never the query string


def _fail_from_many_addresses(client, email, times):
    """Wrong passwords from a new IP address each time, so only the per-account limit applies."""
    for n in range(times):
        response = _login(client, email, WRONG, REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert "not correct" in response.content.decode()


def test_twenty_failed_attempts_in_an_hour_pause_the_address_even_for_the_right_password(client, learner):
    _fail_from_many_addresses(client, learner.user.email, 20)
    response = _login(client, learner.user.email, PASSWORD, REMOTE_ADDR="203.0.113.50")
    assert not response.wsgi_request.user.is_authenticated
    assert "Too many failed login attempts" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 20
    assert AuditEvent.objects.filter(action="auth.login_throttled", actor=learner.user).count() == 1


def test_the_lock_is_per_address_so_other_accounts_still_sign_in(client, learner, other_learner):
    _fail_from_many_addresses(client, learner.user.email, 20)
    response = _login(client, other_learner.user.email, PASSWORD, REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 302


def test_one_ip_trying_many_addresses_is_limited_too(client, learner, db):
    for n in range(10):
        _login(client, f"guess{n}@example.test", WRONG, REMOTE_ADDR="192.0.2.9")
    response = _login(client, learner.user.email, PASSWORD, REMOTE_ADDR="192.0.2.9")
    assert not response.wsgi_request.user.is_authenticated
    assert response.status_code in (200, 429)


"""Failed sign-ins cannot be used to lock an owner out of their account.

Before: 5 wrong passwords in 5 minutes from anywhere locked the account. Now the per-IP limit stays,
the per-account limit is 20 an hour, and reaching it emails the owner a signed, expiring link that
clears the account's counter.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from academy import login_unlock
from academy.models import AuditEvent
from tests.factories.academy import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"  # noqa: S105


def _login(client, email, password, ip):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def _attack(client, email, times=21):
    """Wrong passwords, each from a different address, so only the per-account limit applies."""
    for n in range(times):
        _login(client, email, WRONG, f"198.51.100.{n + 1}")


def _unlock_path():
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/academy/sign-in/unlock/[^\s]+/)", body).group(1)


def test_five_wrong_passwords_no_longer_lock_the_owner_out(client, learner):
    _attack(client, learner.user.email, times=5)
    response = _login(client, learner.user.email, PASSWORD, "203.0.113.50")
    assert response.wsgi_request.user.is_authenticated


def test_one_ip_is_still_limited_to_ten_failures_a_minute(client, learner, other_learner):
    for _ in range(10):
        _login(client, learner.user.email, WRONG, "192.0.2.9")
    response = _login(client, other_learner.user.email, PASSWORD, "192.0.2.9")
    assert not response.wsgi_request.user.is_authenticated


def test_reaching_the_account_limit_emails_the_owner_one_unlock_link(client, learner):
    _attack(client, learner.user.email, times=25)
    assert [m.to for m in mail.outbox] == [[learner.user.email]]
    assert "/academy/sign-in/unlock/" in mail.outbox[0].body


def test_the_unlock_link_clears_the_account_limit_and_the_owner_signs_in(client, learner):
    _attack(client, learner.user.email)
    assert not _login(client, learner.user.email, PASSWORD, "203.0.113.50").wsgi_request.user.is_authenticated
    page = client.get(_unlock_path())
    assert page.status_code == 200 and 'data-testid="login-unlocked"' in page.content.decode()
    assert page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert AuditEvent.objects.filter(action="auth.login_unlocked", actor=learner.user).exists()
    assert _login(client, learner.user.email, PASSWORD, "203.0.113.50").wsgi_request.user.is_authenticated


def test_a_new_lock_after_unlocking_sends_a_new_link(client, learner):
    _attack(client, learner.user.email)
    client.get(_unlock_path())
    _attack(client, learner.user.email)
    assert len(mail.outbox) == 2


def test_a_tampered_or_expired_link_does_nothing(client, learner, monkeypatch):
    _attack(client, learner.user.email)
    path = _unlock_path()
    assert client.get(path[:-3] + "xx/").status_code == 400
    monkeypatch.setattr(login_unlock, "UNLOCK_LINK_HOURS", 0)  # every link is now too old
    assert login_unlock.unlock_token_user(path.rsplit("/", 2)[1]) is None
    assert not _login(client, learner.user.email, PASSWORD, "203.0.113.50").wsgi_request.user.is_authenticated


def test_a_link_for_another_address_of_the_account_does_not_work(learner):
    token = login_unlock.unlock_token_make(learner.user)
    learner.user.email = "changed@example.test"
    learner.user.save()
    assert login_unlock.unlock_token_user(token) is None


def test_an_unknown_address_gets_the_same_page_and_no_email(client, db):
    _attack(client, "nobody@example.test")
    response = _login(client, "nobody@example.test", WRONG, "203.0.113.50")
    assert "Too many failed login attempts" in response.content.decode()
    assert mail.outbox == []

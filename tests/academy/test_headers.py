"""Production headers, `check --deploy`, and pages that keep to the CSP and carry CSRF tokens."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_every_response_carries_the_security_headers(client, db):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_session_cookie_is_http_only_and_same_site(client, learner):
    from tests.factories.academy import PASSWORD

    response = client.post(reverse("account_login"), {"login": learner.user.email, "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def _check_deploy(**extra_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_READ_DOT_ENV="false",
        DJANGO_SECRET_KEY="pX7#qv0!Lm2@zR9$wT4%yB6^nC8&kD1*hF3(jG5)sV7-uA9_eE0+",
        DJANGO_ALLOWED_HOSTS="academy.example.org",
        PYTHONPATH=os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(ROOT)])),
        **extra_env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_in_production_settings():
    from cryptography.fernet import Fernet

    result = _check_deploy(DJANGO_MFA_ENCRYPTION_KEY=Fernet.generate_key().decode())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_production_has_no_mfa_encryption_key():
    result = _check_deploy()
    assert result.returncode != 0
    assert "academy.W001" in result.stderr and "DJANGO_MFA_ENCRYPTION_KEY" in result.stderr


def test_no_view_of_the_portal_is_exempt_from_csrf():
    sources = [p for p in ROOT.glob("*/**/*.py") if not {".venv", "tests", "node_modules"} & set(p.parts)]
    assert [str(p) for p in sources if "csrf_exempt" in p.read_text(encoding="utf-8", errors="ignore")] == []
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
POST_FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.I | re.S)


def _assert_csp_clean(response):
    body = response.content.decode()
    assert " style=" not in body and "<style" not in body, "inline style"
    assert not INLINE_SCRIPT.search(body), "inline script"
    for form in POST_FORM.findall(body):
        assert "csrfmiddlewaretoken" in form, "POST form without a CSRF token"
    assert "Content-Security-Policy" in response


ANONYMOUS_PAGES = ["account_login", "account_reset_password", "account_reset_password_done",
                   "account_signup", "account_email_verification_sent", "index"]
STAFF_PAGES = ["account_change_password", "account_email", "mfa_index", "mfa_view_recovery_codes",
               "mfa_generate_recovery_codes", "mfa_deactivate_totp", "usersessions_list", "account_logout",
               "workqueue:home", "academy:audit_log", "account_reauthenticate"]


@pytest.mark.parametrize("url_name", ANONYMOUS_PAGES)
def test_public_account_pages_keep_to_the_csp_and_carry_csrf_tokens(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    _assert_csp_clean(response)


@pytest.mark.parametrize("url_name", STAFF_PAGES)
def test_signed_in_account_pages_keep_to_the_csp_and_carry_csrf_tokens(client_for, staff, settings, url_name):
    settings.MFA_REAUTHENTICATION_REQUIRED = False  # render the MFA pages without the password step
    response = client_for(staff).get(reverse(url_name))
    assert response.status_code == 200
    _assert_csp_clean(response)


def test_the_totp_setup_page_keeps_to_the_csp(client_for, settings, db):
    settings.MFA_REAUTHENTICATION_REQUIRED = False
    response = client_for(UserFactory(staff=True, totp=False)).get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.content.decode()  # the QR code, allowed by img-src data:
    _assert_csp_clean(response)


def test_the_mfa_code_page_keeps_to_the_csp(client, staff):
    from tests.factories.academy import PASSWORD

    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    _assert_csp_clean(response)
    assert '<label' in response.content.decode()


def test_login_errors_are_linked_to_the_form_and_the_typed_email_is_kept(client, learner):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and 'aria-describedby="id_login_error"' in body
    assert 'id="id_login_error"' in body

"""MFA: staff and provider users must use an authenticator app; learners and partners may."""

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from django.urls import reverse

from academy.models import AuditEvent
from academy.services import account_totp_activate
from tests.factories import LearnerFactory, UserFactory
from tests.factories.academy import PASSWORD, TOTP_SECRET
from tests.mfa_codes import current_totp_code, totp_code_for_secret

SETUP_URL = reverse("mfa_activate_totp")


@pytest.fixture
def staff_without_totp(db):
    return UserFactory(staff=True, totp=False, email="new-staff@example.test")


@pytest.fixture
def provider_without_totp(db):
    return UserFactory(provider_user=True, totp=False, email="new-provider@example.test")


def test_staff_and_provider_personas_have_an_active_authenticator(staff, provider_user):
    for user in (staff, provider_user):
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_learners_and_partners_are_not_given_an_authenticator(learner, partner):
    assert not Authenticator.objects.filter(user__in=[learner.user, partner]).exists()


def test_staff_user_without_totp_is_sent_to_the_setup_page(client_for, staff_without_totp):
    response = client_for(staff_without_totp).get("/academy/")
    assert response.status_code == 302
    assert response["Location"] == SETUP_URL


def test_provider_user_without_totp_is_sent_to_the_setup_page(client_for, provider_without_totp):
    response = client_for(provider_without_totp).get("/providers/")
    assert response.status_code == 302
    assert response["Location"] == SETUP_URL


@pytest.mark.parametrize("path", ["/admin/", "/academy/audit/", "/learners/", "/no-such-page/"])
def test_every_other_page_also_sends_staff_without_totp_to_setup(client_for, staff_without_totp, path):
    response = client_for(staff_without_totp).get(path)
    assert response.status_code == 302
    assert response["Location"] == SETUP_URL


@pytest.mark.parametrize("url_name", ["mfa_activate_totp", "mfa_index", "account_change_password",
                                      "account_email", "usersessions_list", "account_logout", "healthz"])
def test_account_mfa_and_logout_pages_stay_open_without_totp(client_for, staff_without_totp, url_name):
    response = client_for(staff_without_totp).get(reverse(url_name))
    assert response.status_code == 200 or response["Location"] != SETUP_URL


def test_static_files_stay_open_without_totp(client_for, staff_without_totp):
    response = client_for(staff_without_totp).get("/static/css/portal.css")
    assert response.status_code == 200


def test_learners_and_partners_without_totp_are_not_forced(client_for, db):
    learner = LearnerFactory()
    partner = UserFactory(partner=True)
    assert client_for(learner.user).get("/learners/me/").status_code == 200
    assert client_for(partner).get("/impact/").status_code == 200


def test_staff_with_totp_reaches_their_home(client_for, staff):
    assert client_for(staff).get("/academy/").status_code == 200


def test_removing_the_authenticator_sends_the_user_back_to_setup(client_for, staff):
    client = client_for(staff)
    assert client.get("/academy/").status_code == 200
    Authenticator.objects.filter(user=staff).delete()
    client.get(reverse("mfa_index"))  # any account page, where TOTP can be turned off, forgets the check
    response = client.get("/academy/")
    assert response["Location"] == SETUP_URL


def test_new_staff_user_signs_in_sets_up_totp_for_real_and_reaches_home(
    client, staff_without_totp, django_capture_on_commit_callbacks
):
    response = client.post(reverse("account_login"),
                           {"login": staff_without_totp.email, "password": PASSWORD}, follow=True)
    # allauth asks for the password again before any MFA change; the message says why.
    reauthenticate_url = response.redirect_chain[-1][0]
    assert reauthenticate_url.startswith(reverse("account_reauthenticate"))
    assert "must use an authenticator app" in response.content.decode()
    response = client.post(reauthenticate_url, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == SETUP_URL
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in response.content.decode()  # shown for people who cannot scan the QR code

    wrong = client.post(SETUP_URL, {"code": "000000" if totp_code_for_secret(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=staff_without_totp, type="totp").exists()

    with django_capture_on_commit_callbacks(execute=True):  # allauth announces the new authenticator on commit
        client.post(SETUP_URL, {"code": totp_code_for_secret(secret)})
    assert Authenticator.objects.filter(user=staff_without_totp, type="totp").exists()
    assert client.get("/academy/").status_code == 200
    assert AuditEvent.objects.filter(actor=staff_without_totp, action="auth.mfa_added").exists()

    # What the setup page stored is encrypted: the database alone does not give the secret away.
    totp = Authenticator.objects.get(user=staff_without_totp, type="totp")
    assert secret not in json.dumps(totp.data)
    assert decrypt(totp.data["secret"]) == secret

    # The next time, the code from the app signs them in.
    client.post(reverse("account_logout"))
    cache.clear()  # as if the next 30-second period had come: the setup code counts as used until then
    client.post(reverse("account_login"), {"login": staff_without_totp.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for_secret(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == "/academy/"


def test_sign_in_with_a_wrong_code_is_refused_and_logged(client, staff):
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    right = current_totp_code(staff)
    wrong = "123456" if right != "123456" else "654321"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert client.get("/academy/").status_code == 302
    assert AuditEvent.objects.filter(actor=staff, action="auth.mfa_failed").count() == 1


def test_a_recovery_code_also_passes_the_second_step(client, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes(Authenticator.objects.get(user=staff, type="recovery_codes")).get_unused_codes()
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]}, follow=True)
    assert response.redirect_chain[-1][0] == "/academy/"


def test_the_same_code_cannot_be_used_twice(client, staff):
    code = current_totp_code(staff)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_activating_totp_through_the_service_is_idempotent(staff_without_totp):
    first = account_totp_activate(user=staff_without_totp, secret=TOTP_SECRET)
    second = account_totp_activate(user=staff_without_totp, secret="AAAAAAAAAAAAAAAA")
    assert first.pk == second.pk
    assert Authenticator.objects.filter(user=staff_without_totp).count() == 2  # TOTP and recovery codes

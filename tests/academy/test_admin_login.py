"""The Django admin signs in through allauth (rate limits, MFA, audit) and is for academy staff only."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.academy import PASSWORD
from tests.mfa_codes import current_totp_code


@pytest.fixture
def admin_staff(db):
    return UserFactory(staff=True, email="admin@example.test")


def test_anonymous_admin_visitors_are_sent_to_the_portal_sign_in(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fadmin%2F"
    assert "django-admin" not in response.content.decode()


def test_the_admin_login_form_is_never_shown(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_with_the_admin_flag_sign_in_with_password_and_code_and_reach_the_admin(client, admin_staff):
    response = client.post(reverse("account_login") + "?next=/admin/",
                           {"login": admin_staff.email, "password": PASSWORD, "next": "/admin/"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(admin_staff)}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200


def test_staff_without_the_admin_flag_are_refused(client_for, db):
    user = UserFactory(staff=True, is_staff=False)
    assert client_for(user).get("/admin/", follow=True).status_code == 403


@pytest.mark.parametrize("trait", ["provider_user", "partner"])
def test_other_roles_are_refused_even_with_the_admin_flag(client_for, db, trait):
    user = UserFactory(**{trait: True}, is_staff=True)
    assert client_for(user).get("/admin/", follow=True).status_code == 403


def test_learners_are_refused(client_for, learner):
    assert client_for(learner.user).get("/admin/", follow=True).status_code == 403

import pytest
from django.urls import reverse

from tests.factories.academy import PASSWORD
from tests.mfa_codes import current_totp_code

HOMES = {
    "staff": "/academy/",
    "provider": "/providers/",
    "learner": "/learners/me/",
    "partner": "/impact/",
}


@pytest.fixture
def users_by_role(staff, provider_user, learner, partner):
    return {"staff": staff, "provider": provider_user, "learner": learner.user, "partner": partner}


MFA_ROLES = {"staff", "provider"}


@pytest.mark.parametrize("role", HOMES)
def test_each_role_logs_in_by_email_and_lands_on_its_home(client, users_by_role, role):
    user = users_by_role[role]
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    if role in MFA_ROLES:
        # Staff and provider users are asked for the code from their authenticator app.
        assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
        assert not response.wsgi_request.user.is_authenticated
        response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(user)}, follow=True)
    assert response.redirect_chain[-1][0] == HOMES[role]
    assert response.wsgi_request.user == user


def test_wrong_password_keeps_the_email_and_says_why(client, staff):
    response = client.post(reverse("account_login"), {"login": staff.email, "password": "not-the-password"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    body = response.content.decode()
    assert "not correct" in body
    assert f'value="{staff.email}"' in body


@pytest.mark.parametrize("path", HOMES.values())
def test_anonymous_user_is_sent_to_the_login_page(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=" + path)


# Every role against every other role's home, except that staff may open the partner dashboard.
REFUSED = [(r, o) for r in HOMES for o in HOMES if r != o and (r, o) != ("staff", "partner")]


@pytest.mark.parametrize(("role", "other_role"), REFUSED)
def test_a_role_opening_another_roles_home_gets_403(client, users_by_role, role, other_role):
    client.force_login(users_by_role[role])
    response = client.get(HOMES[other_role])
    assert response.status_code == 403
    assert "You do not have access" in response.content.decode()


def test_staff_may_open_the_partner_dashboard(client_for, staff):
    assert client_for(staff).get("/impact/").status_code == 200


def test_public_sign_up_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "closed" in response.content.decode().lower()

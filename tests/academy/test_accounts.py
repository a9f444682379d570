"""account_create: one account, one allauth email address; unverified addresses cannot sign in."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.models import User
from academy.services import account_create
from tests.factories import ProviderFactory

PASS = "a-long-enough-passphrase"  # noqa: S105


@pytest.mark.django_db
def test_account_create_makes_the_user_and_one_primary_email_address():
    user = account_create(email="New.Staff@Example.TEST", role=User.Role.STAFF, first_name="Ada",
                          password=PASS, email_verified=True)
    assert user.email == "new.staff@example.test"
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == (user.email, True, True)
    assert user.check_password(PASS)


@pytest.mark.django_db
def test_without_a_password_the_account_cannot_sign_in_until_one_is_set():
    user = account_create(email="applicant@example.test", role=User.Role.LEARNER)
    assert not user.has_usable_password()
    assert not EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_a_taken_address_is_refused_and_nothing_is_half_saved():
    account_create(email="taken@example.test", role=User.Role.LEARNER)
    with pytest.raises(ValidationError, match="(?i)email address already exists"):
        account_create(email="TAKEN@example.test", role=User.Role.LEARNER)
    assert User.objects.count() == 1 and EmailAddress.objects.count() == 1


@pytest.mark.django_db
def test_a_provider_account_without_a_provider_is_refused():
    with pytest.raises(ValidationError, match="provider_user_has_provider"):
        account_create(email="p@example.test", role=User.Role.PROVIDER)
    assert not User.objects.exists() and not EmailAddress.objects.exists()
    user = account_create(email="p@example.test", role=User.Role.PROVIDER, provider=ProviderFactory())
    assert user.provider is not None


@pytest.mark.django_db
def test_an_unverified_address_cannot_sign_in_and_is_sent_a_verification_link(client):
    user = account_create(email="applicant@example.test", role=User.Role.LEARNER, password=PASS)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASS}, follow=True)
    assert not response.wsgi_request.user.is_authenticated
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]


@pytest.mark.django_db
def test_a_verified_address_signs_in(client):
    user = account_create(email="partner@example.test", role=User.Role.LEARNER, password=PASS, email_verified=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASS})
    assert response.status_code == 302
    assert response.wsgi_request.user == user

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.contrib.auth import authenticate
from django.core.management import call_command

from academy.models import User
from courses.models import Cohort, Programme
from devtools.stories.academy import DEMO_EMAILS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from learners.models import Learner
from providers.models import Provider


def _counts():
    return {m.__name__: m.objects.count()
            for m in (User, Provider, Programme, Cohort, Learner, EmailAddress, Authenticator)}


@pytest.mark.django_db
def test_demo_logins_do_not_exist_unless_seed_demo_runs():
    assert not User.objects.filter(email__in=DEMO_EMAILS.values()).exists()


@pytest.mark.django_db
def test_seed_demo_creates_a_north_west_academy_and_four_working_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for email in DEMO_EMAILS.values():
        assert email in out
        assert authenticate(email=email, password=DEMO_PASSWORD) is not None
    assert DEMO_PASSWORD in out
    assert "python manage.py demo_totp staff@demo.test" in out  # the two-factor code, no app needed
    assert Provider.objects.count() >= 8
    assert Provider.objects.values("settings").distinct().count() >= 4
    assert set(Programme.objects.values_list("kind", flat=True)) >= {"sbwa", "bite_size", "apprenticeship"}
    assert User.objects.get(email=DEMO_EMAILS[User.Role.PROVIDER]).provider is not None
    assert Learner.objects.get(user__email=DEMO_EMAILS[User.Role.LEARNER]).first_name == "Manda"


@pytest.mark.django_db
def test_seed_demo_has_past_current_and_future_cohorts():
    from django.utils import timezone

    call_command("seed_demo")
    today = timezone.localdate()
    assert Cohort.objects.filter(end_date__lt=today).exists()
    assert Cohort.objects.filter(start_date__lte=today, end_date__gte=today).exists()
    assert Cohort.objects.filter(start_date__gt=today).exists()


@pytest.mark.django_db
def test_running_seed_demo_twice_duplicates_nothing():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first


@pytest.mark.django_db
def test_seed_demo_prints_the_totp_secret_and_gives_it_to_staff_and_provider_only(capsys):
    call_command("seed_demo")
    assert DEMO_TOTP_SECRET in capsys.readouterr().out
    for role in (User.Role.STAFF, User.Role.PROVIDER):
        totp = Authenticator.objects.get(user__email=DEMO_EMAILS[role], type=Authenticator.Type.TOTP)
        assert decrypt(totp.data["secret"]) == DEMO_TOTP_SECRET
        assert DEMO_TOTP_SECRET not in totp.data["secret"]  # stored encrypted
    for role in (User.Role.LEARNER, User.Role.PARTNER):
        assert not Authenticator.objects.filter(user__email=DEMO_EMAILS[role]).exists()


@pytest.mark.django_db
def test_demo_logins_have_verified_addresses_so_mandatory_verification_lets_them_in():
    call_command("seed_demo")
    for email in DEMO_EMAILS.values():
        assert EmailAddress.objects.get(email=email).verified


@pytest.mark.django_db
def test_the_demo_staff_login_works_with_a_code_from_the_printed_secret(client):
    """What someone trying the demo does: password, then the code an app makes from the secret."""
    from django.urls import reverse

    from tests.mfa_codes import totp_code_for_secret

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.post(reverse("account_login"), {"login": DEMO_EMAILS[User.Role.STAFF], "password": DEMO_PASSWORD})
    code = totp_code_for_secret(DEMO_TOTP_SECRET)
    response = client.post(reverse("mfa_authenticate"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == "/academy/"

"""`manage.py demo_totp`: the demo's two-factor code without an authenticator app, for demo logins only."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command

from academy.models import User
from devtools.stories.academy import _demo_user
from tests.factories import UserFactory


def run(email):
    out, err = io.StringIO(), io.StringIO()
    call_command("demo_totp", email, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("email,role,trait", [("staff@demo.test", User.Role.STAFF, "staff"),
                                              ("provider@demo.test", User.Role.PROVIDER, "provider_user")])
def test_the_printed_code_signs_the_demo_account_in(email, role, trait):
    UserFactory(email=email, totp=False, **{trait: True})
    user = _demo_user(email, role)  # as seed_demo makes it: the published demo secret
    code, err = run(email)
    assert len(code) == 6 and code.isdigit()
    assert "seconds" in err
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert TOTP(totp).validate_code(code)


@pytest.mark.django_db
def test_an_account_that_is_not_a_demo_login_is_refused():
    UserFactory(staff=True, email="real.person@academy.example")
    with pytest.raises(CommandError, match="is not a demo login"):
        run("real.person@academy.example")


@pytest.mark.django_db
def test_a_demo_address_whose_secret_was_changed_is_refused():
    UserFactory(staff=True, email="staff@demo.test")  # an authenticator with a secret of its own
    with pytest.raises(CommandError, match="no longer uses the demo authenticator secret"):
        run("staff@demo.test")


@pytest.mark.django_db
def test_a_demo_login_without_two_factor_or_not_yet_seeded_is_explained():
    with pytest.raises(CommandError, match="has no two-factor code"):
        run("learner@demo.test")
    with pytest.raises(CommandError, match="run `python manage.py seed_demo` first"):
        run("staff@demo.test")

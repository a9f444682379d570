"""The public application form: creating or linking an account, duplicates, bad input."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from academy.models import User
from learners.models import Application, Enquiry, Learner, Stage
from providers.models import CareSetting, ClientGroup
from tests.factories import CohortFactory, EnquiryFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "first_name": "Manda", "last_name": "Rigby", "email": "manda@example.test", "phone": "07700 900123",
        "postcode": "fy8 4ab", "situation": "carer_returning",
        "preferred_settings": [s.pk for s in CareSetting.objects.filter(code__in=["domiciliary", "supported-living"])],
        "preferred_client_groups": [g.pk for g in ClientGroup.objects.filter(code="dementia")],
        "cannot_work_nights": "on", "cannot_work_sleep_ins": "on", "needs_childcare_support": "on",
        "motivation": "I cared for my nan and want to make a difference.", "heard_about_us": "Facebook",
    }
    data.update(overrides)
    return data


def test_the_form_is_public_and_names_the_cohort(client, cohort):
    response = client.get(reverse("learners:apply", args=[cohort.pk]))
    assert response.status_code == 200
    assert cohort.name in response.content.decode()
    assert 'data-testid="application-form"' in response.content.decode()


def test_applying_creates_a_learner_account_an_application_and_sends_a_set_password_link(client, cohort):
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form())
    assert response.status_code == 302
    user = User.objects.get(email="manda@example.test")
    assert user.role == User.Role.LEARNER and not user.has_usable_password()
    learner = Learner.objects.get(user=user)
    assert learner.postcode == "FY8 4AB"
    assert learner.cannot_work_sleep_ins and learner.needs_childcare_support and not learner.drives
    assert set(learner.preferred_client_groups.values_list("code", flat=True)) == {"dementia"}
    assert learner.locality == cohort.locality
    application = Application.objects.get(learner=learner)
    assert application.stage == Stage.APPLIED and application.cohort == cohort
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["manda@example.test"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    done = client.get(response["Location"])
    assert "now check your email" in done.content.decode()


def test_an_email_with_an_account_gets_nothing_attached_and_its_owner_is_emailed(client, learner, cohort):
    original_postcode = learner.postcode
    response = client.post(reverse("learners:apply", args=[cohort.pk]),
                           _form(email=learner.user.email.upper(), postcode="M6 5AB"), follow=True)
    assert "now check your email" in response.content.decode()
    assert User.objects.filter(email__iexact=learner.user.email).count() == 1
    assert not Application.objects.filter(learner=learner, cohort=cohort).exists()
    learner.refresh_from_db()
    assert learner.postcode == original_postcode  # an anonymous form never changes a stored record
    assert [m.to for m in mail.outbox] == [[learner.user.email]]
    assert "sign in and apply again" in mail.outbox[0].body


def test_applying_twice_to_the_same_cohort_gets_a_clear_message_and_keeps_the_form(client_for, learner, cohort):
    client = client_for(learner.user)
    url = reverse("learners:apply", args=[cohort.pk])
    client.post(url, _form())
    response = client.post(url, _form(motivation="Second go at saying why"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "already applied" in body
    assert "Second go at saying why" in body
    assert Application.objects.filter(learner=learner, cohort=cohort).count() == 1


@pytest.mark.parametrize("postcode", ["ABC", "12345", "FY1", "FY1 4A"])
def test_a_postcode_that_is_not_a_uk_postcode_is_refused_and_typed_data_kept(client, cohort, postcode):
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form(postcode=postcode))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a full UK postcode" in body
    assert "I cared for my nan" in body and 'value="Rigby"' in body
    assert not User.objects.filter(email="manda@example.test").exists()


@pytest.mark.parametrize("postcode,stored", [("fy14ab", "FY1 4AB"), ("M6  5AB", "M6 5AB"), ("l8 7gh", "L8 7GH")])
def test_postcodes_are_stored_in_the_standard_form(client, cohort, postcode, stored):
    client.post(reverse("learners:apply", args=[cohort.pk]), _form(postcode=postcode))
    assert Learner.objects.get(email="manda@example.test").postcode == stored


def test_missing_answers_are_named(client, cohort):
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form(first_name="", motivation=""))
    assert response.content.decode().count("This field is required") >= 2
    assert not Learner.objects.exists()


def test_a_staff_email_cannot_be_used_to_apply(client, staff, cohort):
    client.post(reverse("learners:apply", args=[cohort.pk]), _form(email=staff.email))
    assert not Application.objects.exists()
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "personal email address" in mail.outbox[0].body


def test_a_cohort_that_has_started_cannot_be_applied_to(client, locality):
    started = CohortFactory(locality=locality, start_date=timezone.localdate() - datetime.timedelta(days=3))
    assert client.get(reverse("learners:apply", args=[started.pk])).status_code == 404
    assert client.post(reverse("learners:apply", args=[started.pk]), _form()).status_code == 404
    assert not Learner.objects.exists()


def test_a_cohort_closed_for_applications_cannot_be_applied_to(client, locality):
    closed = CohortFactory(locality=locality, is_open_for_applications=False)
    assert client.get(reverse("learners:apply", args=[closed.pk])).status_code == 404


def test_a_signed_in_learner_applies_with_their_own_account(client_for, learner, cohort):
    client = client_for(learner.user)
    page = client.get(reverse("learners:apply", args=[cohort.pk]))
    assert escape(learner.first_name) in page.content.decode()
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form(email="someone-else@example.test"))
    assert response.status_code == 302
    assert Application.objects.get(cohort=cohort).learner == learner
    assert not User.objects.filter(email="someone-else@example.test").exists()


def test_an_enquiry_with_the_same_email_is_linked_when_they_apply(client, cohort):
    enquiry = EnquiryFactory(email="manda@example.test", locality=cohort.locality)
    client.post(reverse("learners:apply", args=[cohort.pk]), _form())
    enquiry.refresh_from_db()
    assert enquiry.learner == Learner.objects.get(email="manda@example.test")
    assert Enquiry.objects.filter(learner__isnull=False).count() == 1


def test_the_received_page_needs_an_application_first(client, db):
    response = client.get(reverse("learners:apply_done"))
    assert response.status_code == 302 and response["Location"] == reverse("courses:programme_list")


def test_a_new_applicant_can_set_a_password_from_the_emailed_link(client, cohort):
    import re

    client.post(reverse("learners:apply", args=[cohort.pk]), _form())
    link = re.search(r"http://[^\s]+/accounts/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1] if "testserver" in link else "/" + link.split("/", 3)[3]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    client.post(form_url, {"password1": "a-long-new-password-42", "password2": "a-long-new-password-42"})
    assert User.objects.get(email="manda@example.test").check_password("a-long-new-password-42")


def test_setting_the_first_password_from_the_emailed_link_proves_the_address(client, cohort):
    """One email, not two: the set-password link went to the address, so no separate confirmation."""
    import re

    from allauth.account.models import EmailAddress

    client.post(reverse("learners:apply", args=[cohort.pk]), _form())
    user = User.objects.get(email="manda@example.test")
    assert not EmailAddress.objects.get(user=user).verified
    link = re.search(r"http://[^\s]+/accounts/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    response = client.get("/" + link.split("/", 3)[3], follow=True)
    client.post(response.redirect_chain[-1][0], {"password1": "a-long-new-password-42",
                                                 "password2": "a-long-new-password-42"})
    assert EmailAddress.objects.get(user=user).verified
    client.logout()
    mail.outbox.clear()
    response = client.post(reverse("account_login"), {"login": "manda@example.test",
                                                      "password": "a-long-new-password-42"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("learners:me")
    assert mail.outbox == []  # no "confirm your email" message

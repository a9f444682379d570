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
from tests.factories import ApplicationSourceFactory, CohortFactory, EnquiryFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "first_name": "Manda", "last_name": "Rigby", "email": "manda@example.test", "phone": "07123 456789",
        "postcode": "fy8 4ab", "situation": "carer_returning",
        "preferred_settings": [s.pk for s in CareSetting.objects.filter(code__in=["domiciliary", "supported-living"])],
        "preferred_client_groups": [g.pk for g in ClientGroup.objects.filter(code="dementia")],
        "cannot_work_nights": "on", "cannot_work_sleep_ins": "on", "needs_childcare_support": "on",
        "motivation": "I cared for my nan and want to make a difference.", "source": ApplicationSourceFactory(name="Social media").pk,
    }
    data.update(overrides)
    return data


def test_the_form_is_public_and_names_the_cohort(client, cohort):
    response = client.get(reverse("learners:apply", args=[cohort.pk]))
    assert response.status_code == 200
    assert cohort.name in response.content.decode()
    assert 'data-testid="application-form"' in response.content.decode()


def test_applying_creates_a_learner_account_an_application_and_sends_a_set_password_link(
        client, cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
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


@pytest.mark.parametrize("phone", ["abc", "12345", "07123 456789 ext 4", "0712345678901234"])
def test_a_phone_number_that_cannot_be_dialled_is_refused_and_typed_data_kept(client, cohort, phone):
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form(phone=phone))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a phone number with its area code, like 01253 477000 or 07123 456789." in body
    assert f'value="{escape(phone)}"' in body and "I cared for my nan" in body and 'value="Rigby"' in body
    assert not User.objects.filter(email="manda@example.test").exists()


@pytest.mark.parametrize("phone,stored", [("07123 456789", "+447123456789"), ("01253 477000", "+441253477000"),
                                          ("+44 (0)1253 477000", "+441253477000"), ("", "")])
def test_phone_numbers_are_stored_in_e164(client, cohort, phone, stored):
    client.post(reverse("learners:apply", args=[cohort.pk]), _form(phone=phone))
    assert Learner.objects.get(email="manda@example.test").phone == stored


@pytest.mark.parametrize("motivation", ["x", "I like care", "   a b c d   "])
def test_a_motivation_of_a_word_or_two_is_refused_with_the_rule_in_plain_english(client, cohort, motivation):
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form(motivation=motivation))
    body = response.content.decode()
    assert "Tell us in at least 5 words why you would like to work in care." in body
    assert not Learner.objects.exists()


def test_the_motivation_hint_says_how_much_to_write(client, cohort):
    body = client.get(reverse("learners:apply", args=[cohort.pk])).content.decode()
    assert "at least 5 words" in body


def test_the_service_refuses_a_short_motivation_and_a_bad_phone_by_field(cohort):
    from django.core.exceptions import ValidationError

    from learners.services.applications import learner_apply

    with pytest.raises(ValidationError, match="at least 5 words") as exc:
        learner_apply(cohort=cohort, email="a@example.test", motivation="x", first_name="A", last_name="B",
                      postcode="FY1 4AB")
    assert "motivation" in exc.value.message_dict
    with pytest.raises(ValidationError, match="Enter a phone number") as exc:
        learner_apply(cohort=cohort, email="a@example.test", motivation="I want to help people live well.",
                      phone="abc", first_name="A", last_name="B", postcode="FY1 4AB")
    assert "phone" in exc.value.message_dict
    assert not Learner.objects.exists()


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


def test_a_new_applicant_can_set_a_password_from_the_emailed_link(client, cohort, django_capture_on_commit_callbacks):
    import re

    with django_capture_on_commit_callbacks(execute=True):  # the welcome is sent after commit
        client.post(reverse("learners:apply", args=[cohort.pk]), _form())
    link = re.search(r"http://[^\s]+/accounts/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1] if "testserver" in link else "/" + link.split("/", 3)[3]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"password1": "a-long-new-password-42", "password2": "a-long-new-password-42"},
                           follow=True)
    assert User.objects.get(email="manda@example.test").check_password("a-long-new-password-42")
    # The page after setting the password leads to signing in (or on, when the reset signed them in).
    body = response.content.decode()
    assert "Your password is saved" in body
    assert f'href="{reverse("account_login")}"' in body or 'data-testid="continue-link"' in body


def test_the_page_after_asking_for_a_reset_link_says_what_next_and_links_to_sign_in(client, learner):
    response = client.post(reverse("account_reset_password"), {"email": learner.user.email}, follow=True)
    body = response.content.decode()
    assert "Check your email" in body and f'href="{reverse("account_login")}"' in body


def test_the_password_saved_page_links_to_sign_in(client):
    body = client.get(reverse("account_reset_password_from_key_done")).content.decode()
    assert "Your password is saved" in body and f'href="{reverse("account_login")}"' in body


def test_setting_the_first_password_from_the_emailed_link_proves_the_address(client, cohort,
                                                                            django_capture_on_commit_callbacks):
    """One email, not two: the set-up link went to the address, so no separate confirmation."""
    import re

    from allauth.account.models import EmailAddress

    with django_capture_on_commit_callbacks(execute=True):
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


def test_the_form_says_its_situations_and_shift_words_in_plain_english(client, cohort):
    body = client.get(reverse("learners:apply", args=[cohort.pk])).content.decode()
    assert "Economically inactive" not in body
    assert "Not working, and not looking for work until now" in body
    assert "A sleep-in is a night at work" in body


def test_stored_phone_numbers_are_normalised_to_e164_where_they_can_be_read(learner):
    """The data migration that brought existing numbers into the one stored format."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("learners.migrations.0009_phone_numbers_e164_situation_in_plain_words")
    enquiry = EnquiryFactory(phone="01253 477000", email="")
    Learner.objects.filter(pk=learner.pk).update(phone="07123 456789")
    unreadable = EnquiryFactory(phone="ring after 6", email="x@example.test")
    migration.normalise_phone_numbers(apps, None)
    learner.refresh_from_db()
    enquiry.refresh_from_db()
    unreadable.refresh_from_db()
    assert (learner.phone, enquiry.phone, unreadable.phone) == ("+447123456789", "+441253477000", "ring after 6")

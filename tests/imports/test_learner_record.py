"""Staff record a learner without an account, under the application form's rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from learners.models import Enquiry
from learners.services.registration import learner_record

pytestmark = pytest.mark.django_db


def test_a_learner_is_recorded_without_an_account_and_their_enquiry_is_linked(locality):
    enquiry = Enquiry.objects.create(name="Sam", email="sam@example.test", source="other", locality=locality,
                                     enquired_on=datetime.date(2026, 1, 1))
    learner = learner_record(first_name=" Sam ", last_name="Taylor", email="Sam@Example.test", postcode="fy14ab",
                             locality=locality, phone="01253 477000", date_of_birth=datetime.date(1990, 2, 28))
    assert (learner.first_name, learner.email, learner.postcode, learner.phone, learner.user) == (
        "Sam", "sam@example.test", "FY1 4AB", "+441253477000", None)
    enquiry.refresh_from_db()
    assert enquiry.learner == learner


def test_every_broken_rule_is_reported_at_once(locality):
    with pytest.raises(ValidationError) as caught:
        learner_record(first_name="", last_name="Taylor", email="not-an-email", postcode="nowhere",
                       locality=locality, phone="123", date_of_birth=datetime.date(2999, 1, 1))
    assert set(caught.value.message_dict) == {"first_name", "email", "postcode", "phone", "date_of_birth"}


def test_a_learner_without_email_needs_a_phone_and_links_no_enquiry(locality):
    Enquiry.objects.create(name="Anon", phone="01253 477000", source="other", locality=locality,
                           enquired_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="Give an email address or a phone number"):
        learner_record(first_name="Dot", last_name="Cotton", postcode="FY1 4AB", locality=locality)
    learner = learner_record(first_name="Dot", last_name="Cotton", postcode="FY1 4AB", locality=locality,
                             phone="01253 477001")
    assert learner.email == ""
    assert not Enquiry.objects.filter(learner=learner).exists()

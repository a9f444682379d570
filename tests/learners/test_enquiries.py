"""Enquiries recorded by staff: the top of the funnel."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learners.models import Enquiry
from learners.services.applications import enquiry_record
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def test_staff_record_an_enquiry_from_a_job_fair(client_for, staff, locality):
    response = client_for(staff).post(reverse("learners:enquiries"), {
        "name": "Manda Rigby", "phone": "07123 456789", "source": "job_fair",
        "enquired_on": timezone.localdate().isoformat(), "locality": locality.pk})
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.recorded_by == staff and enquiry.source == "job_fair"


def test_an_enquiry_needs_a_way_to_get_back_to_them(client_for, staff, locality):
    response = client_for(staff).post(reverse("learners:enquiries"), {
        "name": "No Contact", "source": "jobcentre", "enquired_on": timezone.localdate().isoformat(),
        "locality": locality.pk})
    assert "email address or a phone number" in response.content.decode()
    assert 'value="No Contact"' in response.content.decode()
    assert not Enquiry.objects.exists()


def test_the_service_refuses_an_enquiry_without_contact(staff, locality):
    with pytest.raises(ValidationError, match="Give an email address or a phone number"):
        enquiry_record(by=staff, name="X", source="other", enquired_on=timezone.localdate(),
                       locality=locality)


def test_a_future_enquiry_date_is_refused(client_for, staff, locality):
    response = client_for(staff).post(reverse("learners:enquiries"), {
        "name": "X", "email": "x@example.test", "source": "jobcentre", "locality": locality.pk,
        "enquired_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()})
    assert "cannot be in the future" in response.content.decode()


def test_staff_see_enquiries_in_their_localities_only(client_for, staff, locality, other_locality):
    EnquiryFactory(name="Blackpool Person", locality=locality)
    EnquiryFactory(name="Wigan Person", locality=other_locality)
    body = client_for(staff).get(reverse("learners:enquiries")).content.decode()
    assert "Blackpool Person" in body and "Wigan Person" not in body


def test_staff_cannot_record_an_enquiry_for_another_locality(client_for, staff, other_locality):
    client_for(staff).post(reverse("learners:enquiries"), {
        "name": "X", "email": "x@example.test", "source": "jobcentre", "locality": other_locality.pk,
        "enquired_on": timezone.localdate().isoformat()})
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_only_staff_see_enquiries(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("learners:enquiries")).status_code == 403

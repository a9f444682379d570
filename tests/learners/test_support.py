"""Support given to a learner, recorded with its cost (kept with the impact figures)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from impact.models import SupportSpend

pytestmark = pytest.mark.django_db


def test_staff_record_support_for_a_learners_application(client_for, staff, application):
    response = client_for(staff).post(reverse("learners:support_add", args=[application.learner_id]), {
        "application": application.pk, "category": "childcare", "amount": "45.50", "paid_by": "academy",
        "spent_on": timezone.localdate().isoformat(), "note": "Nursery for week 1"})
    assert response.status_code == 302
    spend = SupportSpend.objects.get(application=application)
    assert str(spend.amount) == "45.50"
    detail = client_for(staff).get(reverse("learners:detail", args=[application.learner_id]))
    assert "£45.50" in detail.content.decode()


def test_a_negative_amount_is_refused_and_the_note_kept(client_for, staff, application):
    response = client_for(staff).post(reverse("learners:support_add", args=[application.learner_id]), {
        "application": application.pk, "category": "travel", "amount": "-3",
        "spent_on": timezone.localdate().isoformat(), "note": "Bus pass"})
    assert response.status_code == 400
    assert 'value="Bus pass"' in response.content.decode()
    assert not SupportSpend.objects.exists()


def test_support_cannot_be_recorded_against_another_learners_application(client_for, staff, application,
                                                                         other_learner, cohort):
    from tests.factories import ApplicationFactory

    others = ApplicationFactory(learner=other_learner, cohort=cohort)
    response = client_for(staff).post(reverse("learners:support_add", args=[application.learner_id]), {
        "application": others.pk, "category": "travel", "amount": "3", "spent_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    assert not SupportSpend.objects.exists()


def test_other_locality_staff_cannot_record_support(client_for, other_locality_staff, application):
    url = reverse("learners:support_add", args=[application.learner_id])
    assert client_for(other_locality_staff).get(url).status_code == 404


def test_staff_say_who_paid_for_the_support(client_for, staff, application):
    client_for(staff).post(reverse("learners:support_add", args=[application.learner_id]), {
        "application": application.pk, "category": "travel", "amount": "8.20", "paid_by": "jobcentre_plus",
        "spent_on": timezone.localdate().isoformat()})
    assert SupportSpend.objects.get(application=application).paid_by == "jobcentre_plus"


def test_support_without_a_payer_is_refused_and_kept(client_for, staff, application):
    response = client_for(staff).post(reverse("learners:support_add", args=[application.learner_id]), {
        "application": application.pk, "category": "travel", "amount": "8.20", "paid_by": "",
        "spent_on": timezone.localdate().isoformat(), "note": "Bus to the venue"})
    assert response.status_code == 400
    assert 'value="Bus to the venue"' in response.content.decode()
    assert not SupportSpend.objects.exists()

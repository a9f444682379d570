"""Staff record bursary payments (amount, date, who paid) against eligibility, from the cohort page.

The rule: a learner whose attendance is at or above ACADEMY_BURSARY_ATTENDANCE_THRESHOLD is eligible. Below
it, a payment is refused with their attendance shown, unless staff write why it is paid anyway (recorded
and audited): attendance counts authorised absences as missed, and Jobcentre Plus or an employer may pay
by their own rules.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent
from courses.models import Attendance, BursaryPayment, Payer
from courses.services import bursary_payment_record
from learners.models import Stage
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    BursaryPaymentFactory,
    CohortSessionFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def past_cohort(cohort):
    cohort.start_date = TODAY - datetime.timedelta(days=20)
    cohort.end_date = TODAY - datetime.timedelta(days=1)
    cohort.save()
    return cohort


def _learner_attending(cohort, attended: int, missed: int):
    application = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.ENROLLED)
    for i in range(attended + missed):
        session = CohortSessionFactory(cohort=cohort, date=cohort.start_date + datetime.timedelta(days=i))
        AttendanceFactory(session=session, application=application,
                          status=Attendance.Status.PRESENT if i < attended else Attendance.Status.ABSENT)
    return application


@pytest.fixture
def eligible(past_cohort):
    return _learner_attending(past_cohort, attended=9, missed=1)  # 90%


@pytest.fixture
def not_eligible(past_cohort):
    return _learner_attending(past_cohort, attended=5, missed=5)  # 50%


def _post(**extra):
    data = {"amount": "150.00", "paid_on": TODAY.isoformat(), "paid_by": "academy", "employer": "", "note": "",
            "paid_below_threshold_because": ""}
    data.update(extra)
    return data


@override_settings(ACADEMY_BURSARY_ATTENDANCE_THRESHOLD=80)
def test_an_eligible_learners_bursary_is_recorded_with_who_paid_and_audited(eligible, staff):
    payment = bursary_payment_record(application=eligible, by=staff, amount=Decimal("150.00"), paid_on=TODAY,
                                     paid_by=Payer.JOBCENTRE_PLUS)
    assert payment.paid_by == "jobcentre_plus" and payment.attendance_rate == Decimal("90.0")
    assert payment.recorded_by == staff
    event = AuditEvent.objects.get(action="bursary.pay")
    assert event.learner_id == eligible.learner_id and event.actor_id == staff.pk


@override_settings(ACADEMY_BURSARY_ATTENDANCE_THRESHOLD=80)
def test_a_learner_below_the_threshold_is_refused_with_their_attendance(not_eligible, staff):
    with pytest.raises(ValidationError) as refused:
        bursary_payment_record(application=not_eligible, by=staff, amount=Decimal("150.00"), paid_on=TODAY,
                               paid_by=Payer.ACADEMY)
    message = " ".join(refused.value.messages)
    assert "50.0%" in message and "5 of 10" in message and "80%" in message
    assert not BursaryPayment.objects.exists()
    assert not AuditEvent.objects.filter(action="bursary.pay").exists()


@override_settings(ACADEMY_BURSARY_ATTENDANCE_THRESHOLD=80)
def test_a_written_reason_pays_below_the_threshold_and_is_kept(not_eligible, staff):
    payment = bursary_payment_record(application=not_eligible, by=staff, amount=Decimal("150.00"), paid_on=TODAY,
                                     paid_by=Payer.ACADEMY, paid_below_threshold_because="Hospital stay, letter seen")
    assert payment.paid_below_threshold_because == "Hospital stay, letter seen"
    assert "below the attendance threshold" in AuditEvent.objects.get(action="bursary.pay").note


def test_no_bursary_before_any_attendance_is_recorded(past_cohort, staff):
    application = ApplicationFactory(cohort=past_cohort, learner__locality=past_cohort.locality,
                                     stage=Stage.ENROLLED)
    with pytest.raises(ValidationError, match="No attendance"):
        bursary_payment_record(application=application, by=staff, amount=Decimal("10"), paid_on=TODAY,
                               paid_by=Payer.ACADEMY)


def test_only_learners_who_were_on_the_course_can_be_paid(past_cohort, staff):
    application = ApplicationFactory(cohort=past_cohort, learner__locality=past_cohort.locality, stage=Stage.APPLIED)
    with pytest.raises(ValidationError, match="enrolled"):
        bursary_payment_record(application=application, by=staff, amount=Decimal("10"), paid_on=TODAY,
                               paid_by=Payer.ACADEMY, paid_below_threshold_because="x")


def test_an_employer_can_be_named_only_when_an_employer_paid(eligible, staff):
    provider = ProviderFactory(name="Transitions Care")
    payment = bursary_payment_record(application=eligible, by=staff, amount=Decimal("50"), paid_on=TODAY,
                                     paid_by=Payer.EMPLOYER, employer=provider)
    assert payment.employer == provider
    with pytest.raises(ValidationError, match="only when an employer paid"):
        bursary_payment_record(application=eligible, by=staff, amount=Decimal("50"), paid_on=TODAY,
                               paid_by=Payer.ACADEMY, employer=provider)


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5")])
def test_the_amount_must_be_more_than_nothing(eligible, staff, amount):
    with pytest.raises(ValidationError, match="more than £0"):
        bursary_payment_record(application=eligible, by=staff, amount=amount, paid_on=TODAY, paid_by=Payer.ACADEMY)


def test_the_database_refuses_a_payment_of_nothing_or_an_employer_for_the_academy(eligible):
    with pytest.raises(IntegrityError), transaction.atomic():
        BursaryPayment.objects.create(application=eligible, amount=Decimal("0"), paid_on=TODAY, paid_by="academy")
    with pytest.raises(IntegrityError), transaction.atomic():
        BursaryPayment.objects.create(application=eligible, amount=Decimal("5"), paid_on=TODAY, paid_by="academy",
                                      employer=ProviderFactory())


def test_a_payment_date_in_the_future_is_refused(eligible, staff):
    with pytest.raises(ValidationError, match="The date paid cannot be in the future"):
        bursary_payment_record(application=eligible, by=staff, amount=Decimal("5"), paid_by=Payer.ACADEMY,
                               paid_on=TODAY + datetime.timedelta(days=3))


# --- the page ------------------------------------------------------------------------------------


@override_settings(ACADEMY_BURSARY_ATTENDANCE_THRESHOLD=80)
def test_the_cohort_page_links_each_learner_to_the_payment_form_and_shows_what_was_paid(client_for, staff,
                                                                                         past_cohort, eligible):
    BursaryPaymentFactory(application=eligible, amount=Decimal("75.00"))
    page = client_for(staff).get(reverse("courses:cohort_detail", args=[past_cohort.pk])).content.decode()
    assert reverse("courses:bursary_payment_create", args=[eligible.pk]) in page
    assert "£75.00" in page


@override_settings(ACADEMY_BURSARY_ATTENDANCE_THRESHOLD=80)
def test_staff_record_a_payment_on_the_page(client_for, staff, past_cohort, eligible):
    provider = ProviderFactory(name="Transitions Care")
    url = reverse("courses:bursary_payment_create", args=[eligible.pk])
    client = client_for(staff)
    assert "90.0%" in client.get(url).content.decode()
    response = client.post(url, _post(paid_by="employer", employer=provider.pk))
    assert response["Location"] == reverse("courses:cohort_detail", args=[past_cohort.pk])
    payment = BursaryPayment.objects.get()
    assert (payment.amount, payment.paid_by, payment.employer) == (Decimal("150.00"), "employer", provider)


@override_settings(ACADEMY_BURSARY_ATTENDANCE_THRESHOLD=80)
def test_the_page_refuses_an_ineligible_learner_with_attendance_and_keeps_what_was_typed(client_for, staff,
                                                                                       not_eligible):
    url = reverse("courses:bursary_payment_create", args=[not_eligible.pk])
    response = client_for(staff).post(url, _post(amount="123.45", note="Week 6 bursary"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "50.0%" in page and "Week 6 bursary" in page and "123.45" in page
    assert not BursaryPayment.objects.exists()


def test_bad_amount_is_explained(client_for, staff, eligible):
    response = client_for(staff).post(reverse("courses:bursary_payment_create", args=[eligible.pk]),
                                      _post(amount="0"))
    assert response.status_code == 400
    assert "more than £0" in response.content.decode()


def test_staff_of_another_locality_cannot_pay_or_see(client_for, other_locality_staff, eligible):
    url = reverse("courses:bursary_payment_create", args=[eligible.pk])
    client = client_for(other_locality_staff)
    assert client.get(url).status_code == 404
    assert client.post(url, _post()).status_code == 404
    assert not BursaryPayment.objects.exists()


@pytest.mark.parametrize("persona", ["provider_user", "partner", "learner"])
def test_other_roles_cannot_record_a_payment(client_for, request, persona, eligible):
    user = request.getfixturevalue(persona)
    url = reverse("courses:bursary_payment_create", args=[eligible.pk])
    client = client_for(getattr(user, "user", user))
    assert client.get(url).status_code == 403
    assert client.post(url, _post()).status_code == 403
    assert not BursaryPayment.objects.exists()

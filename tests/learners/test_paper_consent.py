"""Staff record a consent the learner signed on paper: who recorded it, when it was signed, which wording."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent
from learners.consent_paper import PAPER_CONSENT_WORDINGS, consent_record_from_paper
from learners.models import ConsentRecord
from learners.selectors import learner_has_sharing_consent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_a_signed_paper_form_becomes_a_live_consent_with_its_wording_and_who_recorded_it(learner, staff):
    signed = TODAY() - datetime.timedelta(days=2)
    consent = consent_record_from_paper(learner=learner, by=staff, signed_on=signed, wording_version="2026-01")
    assert learner_has_sharing_consent(learner)
    assert (consent.on_paper, consent.wording_version, consent.recorded_by) == (True, "2026-01", staff)
    assert consent.wording == PAPER_CONSENT_WORDINGS["2026-01"]
    assert timezone.localdate(consent.given_at) == signed
    event = AuditEvent.objects.get(action="consent.recorded_from_paper")
    assert event.learner_id == learner.pk and "2026-01" in event.note


def test_a_future_signing_date_or_unknown_wording_is_refused(learner, staff):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        consent_record_from_paper(learner=learner, by=staff, signed_on=TODAY() + datetime.timedelta(days=1),
                                  wording_version="2026-01")
    with pytest.raises(ValidationError, match="version printed on the signed form"):
        consent_record_from_paper(learner=learner, by=staff, signed_on=TODAY(), wording_version="1999")
    assert not ConsentRecord.objects.exists()


def test_a_second_live_consent_is_refused(learner, staff):
    consent_record_from_paper(learner=learner, by=staff, signed_on=TODAY(), wording_version="2026-01")
    with pytest.raises(ValidationError, match="already recorded"):
        consent_record_from_paper(learner=learner, by=staff, signed_on=TODAY(), wording_version="2026-01")


def test_staff_record_it_from_the_learner_page_and_the_timeline_says_paper(learner, staff, client_for):
    client = client_for(staff)
    url = reverse("learners:paper_consent", args=[learner.pk])
    refused = client.post(url, {"signed_on": TODAY().isoformat(), "wording_version": "2026-01"})
    assert refused.status_code == 400 and not ConsentRecord.objects.exists()
    response = client.post(url, {"signed_on": TODAY().isoformat(), "wording_version": "2026-01", "seen": "on"})
    assert response.status_code == 302
    page = client.get(reverse("learners:detail", args=[learner.pk])).content.decode()
    assert "signed on a paper form, wording version 2026-01" in page


@pytest.mark.parametrize("who", ["other_locality_staff", "provider_user", "partner"])
def test_other_roles_cannot_record_consent_for_a_learner(who, learner, client_for, request):
    response = client_for(request.getfixturevalue(who)).post(
        reverse("learners:paper_consent", args=[learner.pk]),
        {"signed_on": TODAY().isoformat(), "wording_version": "2026-01", "seen": "on"})
    assert response.status_code in (403, 404)
    assert not ConsentRecord.objects.exists()


def test_a_learner_cannot_use_the_staff_page_for_their_own_record(learner, client_for):
    response = client_for(learner.user).post(
        reverse("learners:paper_consent", args=[learner.pk]),
        {"signed_on": TODAY().isoformat(), "wording_version": "2026-01", "seen": "on"})
    assert response.status_code == 403
    assert not ConsentRecord.objects.exists()

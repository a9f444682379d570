"""Enrolment after acceptance; explicit consent kept with its wording; withdrawal stops sharing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.models import AuditEvent
from learners.models import ConsentRecord, Stage
from learners.selectors import learner_has_sharing_consent
from learners.services.applications import TransitionNotAllowed, application_enrol
from learners.services.consent import PERSONNEL_FILE_CONSENT_WORDING, consent_give, consent_withdraw

from .conftest import accept, enrol

pytestmark = pytest.mark.django_db


def test_enrolment_needs_acceptance_at_screening_first(application, staff):
    with pytest.raises(TransitionNotAllowed):
        application_enrol(application=application, by=staff, consent_given=True)
    assert not ConsentRecord.objects.exists()


def test_enrolling_with_consent_keeps_the_exact_wording_and_date(application, staff, values):
    application = enrol(application, staff, values, consent=True)
    assert application.stage == Stage.ENROLLED
    consent = ConsentRecord.objects.get(learner=application.learner)
    assert consent.wording == PERSONNEL_FILE_CONSENT_WORDING
    assert "share it with a care employer who offers me a job" in consent.wording
    assert consent.given_at is not None and consent.withdrawn_at is None
    assert consent.application == application and consent.recorded_by == staff
    assert learner_has_sharing_consent(application.learner)


def test_enrolling_without_consent_leaves_no_consent(application, staff, values):
    application = enrol(application, staff, values, consent=False)
    assert not learner_has_sharing_consent(application.learner)


def test_withdrawing_consent_stops_sharing(application, staff, values):
    enrol(application, staff, values, consent=True)
    consent = ConsentRecord.objects.get()
    consent_withdraw(consent=consent, by=application.learner.user)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not learner_has_sharing_consent(application.learner)


def test_consent_cannot_be_withdrawn_twice(learner):
    consent = consent_give(learner=learner, by=learner.user)
    consent_withdraw(consent=consent, by=learner.user)
    with pytest.raises(ValidationError, match="already been withdrawn"):
        consent_withdraw(consent=consent, by=learner.user)


def test_consent_given_again_after_withdrawal_is_a_new_record_and_the_old_one_is_kept(learner):
    first = consent_give(learner=learner, by=learner.user)
    consent_withdraw(consent=first, by=learner.user)
    second = consent_give(learner=learner, by=learner.user)
    assert second.pk != first.pk
    assert ConsentRecord.objects.filter(learner=learner).count() == 2
    assert learner_has_sharing_consent(learner)


def test_giving_consent_twice_does_not_duplicate_it(learner):
    assert consent_give(learner=learner, by=None) == consent_give(learner=learner, by=None)


def test_one_learners_consent_says_nothing_about_another(learner, other_learner):
    consent_give(learner=learner, by=None)
    assert not learner_has_sharing_consent(other_learner)


# --- views ------------------------------------------------------------------------------------


def test_staff_enrol_an_accepted_learner_with_consent(client_for, staff, application, values):
    accept(application, staff, values)
    client = client_for(staff)
    page = client.get(reverse("learners:enrol", args=[application.pk]))
    assert PERSONNEL_FILE_CONSENT_WORDING in page.content.decode()
    response = client.post(reverse("learners:enrol", args=[application.pk]), {"consent_given": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.ENROLLED
    assert learner_has_sharing_consent(application.learner)


def test_enrolling_an_unscreened_applicant_through_the_page_is_refused_plainly(client_for, staff, application):
    response = client_for(staff).post(reverse("learners:enrol", args=[application.pk]), {"consent_given": "on"})
    assert response.status_code == 400
    assert "cannot move from" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    assert not ConsentRecord.objects.exists()


def test_other_locality_staff_cannot_enrol(client_for, other_locality_staff, application):
    response = client_for(other_locality_staff).post(reverse("learners:enrol", args=[application.pk]), {})
    assert response.status_code == 404


def test_a_learner_gives_consent_from_their_page(client_for, application, staff, values):
    enrol(application, staff, values)
    client = client_for(application.learner.user)
    page = client.get(reverse("learners:me"))
    assert 'data-task="consent"' in page.content.decode()
    client.post(reverse("learners:consent_give"), {"agree": "on"})
    consent = ConsentRecord.objects.get(learner=application.learner)
    assert consent.recorded_by == application.learner.user
    assert 'data-task="consent"' not in client.get(reverse("learners:me")).content.decode()


def test_consent_is_not_saved_without_the_box_ticked(client_for, learner):
    response = client_for(learner.user).post(reverse("learners:consent_give"), {}, follow=True)
    assert "Tick the box" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_learner_withdraws_consent_from_their_page_and_it_is_audited(client_for, learner):
    consent_give(learner=learner, by=None)
    response = client_for(learner.user).post(reverse("learners:consent_withdraw"), follow=True)
    assert "withdrawn" in response.content.decode()
    assert not learner_has_sharing_consent(learner)
    assert AuditEvent.objects.filter(action="consent.withdraw", learner_id=learner.pk).exists()


def test_a_learner_can_only_withdraw_their_own_consent(client_for, learner, other_learner):
    consent_give(learner=other_learner, by=None)
    client_for(learner.user).post(reverse("learners:consent_withdraw"))
    assert learner_has_sharing_consent(other_learner)


@pytest.mark.parametrize("persona", ["staff", "provider_user", "partner"])
def test_only_learners_use_the_consent_buttons(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).post(reverse("learners:consent_give"), {"agree": "on"}).status_code == 403


def test_consent_buttons_need_post(client_for, learner):
    assert client_for(learner.user).get(reverse("learners:consent_withdraw")).status_code == 405

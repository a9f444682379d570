"""A learner changes their own contact details and work preferences from /learners/me/details/."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent, TaskRecord
from learners.models import Learner, PersonnelFile
from learners.services.records import learner_details_update
from providers.models import ClientGroup
from tests.factories.vacancies import care_setting

pytestmark = pytest.mark.django_db
URL = reverse("learners:my_details")


def _post(**overrides):
    data = {"preferred_name": "Sam", "phone": "07123 456789", "address": "12 Promenade\nBlackpool",
            "postcode": "fy1 5ab", "cannot_work_nights": "on", "drives": "on", "other_barriers": "Caring for mum"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _checkbox(body, name):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', body).group(0)
    return "checked" if " checked" in tag else ""


def _ready_file(learner):
    return PersonnelFile.objects.create(learner=learner, state=PersonnelFile.State.READY, pdf="personnel-files/x.pdf",
                                        content_hash="a" * 64, built_at=timezone.now())


# --- the service -----------------------------------------------------------------------------------


def test_the_learner_changes_their_details_and_the_postcode_is_tidied(learner):
    changed = learner_details_update(learner=learner, by=learner.user, preferred_name=" Sam ",
                                     phone="07123 456789", postcode="fy15ab", drives=True)
    learner.refresh_from_db()
    assert (learner.preferred_name, learner.phone, learner.postcode, learner.drives) == (
        "Sam", "+447123456789", "FY1 5AB", True)
    assert set(changed) == {"preferred_name", "phone", "postcode", "drives"}


@pytest.mark.parametrize("postcode", ["", "FY1", "12345", "FY1 4A", "not a postcode"])
def test_a_postcode_that_is_not_a_full_uk_postcode_is_refused(learner, postcode):
    with pytest.raises(ValidationError, match="Enter a full UK postcode") as exc:
        learner_details_update(learner=learner, by=learner.user, postcode=postcode)
    assert exc.value.message_dict["postcode"] == ["Enter a full UK postcode, for example FY1 4AB."]
    learner.refresh_from_db()
    assert learner.postcode == "FY1 4AB"


@pytest.mark.parametrize("phone", ["call me", "12345", "0770090012345678901", "07123 456789 ext 4"])
def test_a_phone_number_that_cannot_be_dialled_is_refused(learner, phone):
    with pytest.raises(ValidationError, match="Enter a phone number with its area code") as exc:
        learner_details_update(learner=learner, by=learner.user, phone=phone)
    assert "phone" in exc.value.message_dict
    learner.refresh_from_db()
    assert learner.phone == ""


def test_the_phone_number_may_be_left_empty(learner):
    learner.phone = "01253 477000"
    learner.save()
    learner_details_update(learner=learner, by=learner.user, phone="")
    learner.refresh_from_db()
    assert learner.phone == ""


def test_only_the_learner_themselves_may_change_their_details(learner, other_learner, staff):
    for someone in (other_learner.user, staff, None):
        with pytest.raises(PermissionDenied):
            learner_details_update(learner=learner, by=someone, phone="07123 456789")
    learner.refresh_from_db()
    assert learner.phone == ""


def test_name_email_and_locality_are_not_the_learners_to_change_here(learner, other_locality):
    for field, value in (("first_name", "X"), ("email", "x@example.test"), ("locality", other_locality)):
        with pytest.raises(TypeError):
            learner_details_update(learner=learner, by=learner.user, **{field: value})


def test_a_change_is_audited_by_field_name_never_by_value(learner):
    learner_details_update(learner=learner, by=learner.user, phone="07123 456789",
                           address="12 Promenade", other_barriers="Caring for mum")
    event = AuditEvent.objects.get(action="learner.details_update")
    assert event.actor == learner.user and event.learner_id == learner.pk
    assert event.object_type == "learners.Learner" and event.object_id == str(learner.pk)
    assert "phone" in event.note and "address" in event.note
    for secret in ("456789", "Promenade", "mum"):
        assert secret not in event.note


def test_saving_without_a_change_records_nothing(learner):
    assert learner_details_update(learner=learner, by=learner.user, postcode="FY1 4AB",
                                  phone="") == []
    assert not AuditEvent.objects.filter(action="learner.details_update").exists()


def test_work_preferences_are_replaced(learner):
    residential, homecare = care_setting("residential"), care_setting("home-care")
    group = ClientGroup.objects.get_or_create(code="dementia", defaults={"name": "Dementia"})[0]
    learner.preferred_settings.set([residential])
    changed = learner_details_update(learner=learner, by=learner.user, preferred_settings=[homecare],
                                     preferred_client_groups=[group], cannot_work_sleep_ins=True)
    assert list(learner.preferred_settings.all()) == [homecare]
    assert list(learner.preferred_client_groups.all()) == [group]
    assert set(changed) == {"preferred_settings", "preferred_client_groups", "cannot_work_sleep_ins"}


def test_a_ready_personnel_file_is_rebuilt_when_a_detail_it_shows_changes(learner):
    _ready_file(learner)
    learner_details_update(learner=learner, by=learner.user, phone="07123 456789")
    task = TaskRecord.objects.get()
    assert task.name == "learners.tasks.personnel_file_build_task"
    assert task.kwargs["learner_id"] == learner.pk


def test_a_change_the_personnel_file_does_not_show_does_not_rebuild_it(learner):
    _ready_file(learner)
    learner_details_update(learner=learner, by=learner.user, cannot_work_weekends=True)
    assert not TaskRecord.objects.exists()


# --- the page ----------------------------------------------------------------------------------------


def test_the_learner_finds_the_page_from_their_own_page(client_for, learner):
    body = client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert URL in body


def test_the_form_starts_with_what_the_academy_holds(client_for, learner):
    learner.phone, learner.address = "01253 477000", "3 Talbot Road"
    learner.save()
    body = client_for(learner.user).get(URL).content.decode()
    assert 'value="01253 477000"' in body and "3 Talbot Road" in body and 'value="FY1 4AB"' in body
    assert 'for="id_postcode"' in body  # every field has its label


def test_the_learner_saves_their_details(client_for, learner):
    response = client_for(learner.user).post(URL, _post())
    assert response.status_code == 302 and response["Location"] == reverse("learners:me")
    learner.refresh_from_db()
    assert learner.postcode == "FY1 5AB" and learner.address == "12 Promenade\nBlackpool"
    assert learner.cannot_work_nights and learner.drives and not learner.cannot_work_weekends


def test_a_bad_postcode_is_explained_and_nothing_typed_is_lost(client_for, learner):
    response = client_for(learner.user).post(URL, _post(postcode="FY1", phone="07123 456789"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="form-errors"' in body
    assert "Enter a full UK postcode, for example FY1 4AB." in body
    assert 'value="FY1"' in body and 'value="07123 456789"' in body and 'value="Sam"' in body
    assert "12 Promenade" in body and "Caring for mum" in body
    assert _checkbox(body, "cannot_work_nights") == "checked" and _checkbox(body, "drives") == "checked"
    assert _checkbox(body, "cannot_work_weekends") == ""
    learner.refresh_from_db()
    assert learner.postcode == "FY1 4AB" and learner.phone == ""


def test_a_bad_phone_number_refused_by_the_service_is_shown_on_its_field(client_for, learner):
    response = client_for(learner.user).post(URL, _post(phone="call me"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a phone number with its area code" in body
    assert 'value="call me"' in body and 'value="fy1 5ab"' in body.lower()
    learner.refresh_from_db()
    assert learner.phone == ""


@pytest.mark.parametrize("persona", ["staff", "other_locality_staff", "provider_user", "partner"])
def test_other_roles_are_refused(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(URL).status_code == 403
    assert client_for(user).post(URL, _post()).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.post(URL, _post())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_learner_can_only_ever_change_their_own_record(client_for, learner, other_learner):
    client_for(other_learner.user).post(URL, _post(phone="07123 456999", learner=learner.pk, pk=learner.pk))
    learner.refresh_from_db()
    other_learner.refresh_from_db()
    assert learner.phone == "" and other_learner.phone == "+447123456999"


def test_an_account_without_a_learner_record_gets_404(client_for):
    from tests.factories import UserFactory

    user = UserFactory(role="learner", email="nobody@example.test")
    assert not Learner.objects.filter(user=user).exists()
    assert client_for(user).get(URL).status_code == 404

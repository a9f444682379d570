"""Values, descriptors and question banks are configured by staff and reused across cohorts."""

import pytest
from django.urls import reverse

from learners.models import AcademyValue, QuestionBank
from tests.factories import CohortFactory, QuestionBankFactory, ScreeningQuestionFactory

pytestmark = pytest.mark.django_db


def test_staff_add_and_edit_a_value(client_for, staff):
    client = client_for(staff)
    client.post(reverse("learners:value_create"), {"name": "Dignity", "descriptor": "Protects privacy.", "order": 1,
                                                   "is_active": "on"})
    value = AcademyValue.objects.get(name="Dignity")
    client.post(reverse("learners:value_edit", args=[value.pk]), {"name": "Dignity", "descriptor": "Changed",
                                                                  "order": 2})
    value.refresh_from_db()
    assert value.descriptor == "Changed" and not value.is_active


def test_a_value_name_must_be_unique_and_the_form_says_so(client_for, staff, values):
    response = client_for(staff).post(reverse("learners:value_create"),
                                      {"name": "Compassion", "descriptor": "Again", "order": 1})
    assert "already exists" in response.content.decode()
    assert AcademyValue.objects.filter(name="Compassion").count() == 1


def test_inactive_values_are_not_asked_for_in_screening(client_for, staff, application, values):
    values[2].is_active = False
    values[2].save()
    body = client_for(staff).get(reverse("learners:screening", args=[application.pk])).content.decode()
    assert "Compassion: score" in body and "Honesty: score" not in body


def test_staff_build_a_question_bank(client_for, staff, values):
    client = client_for(staff)
    response = client.post(reverse("learners:bank_create"), {"name": "Talent for Care 2026", "is_active": "on",
                                                             "case_study": "Mr Ali refuses his lunch."})
    bank = QuestionBank.objects.get(name="Talent for Care 2026")
    assert response["Location"] == reverse("learners:bank_detail", args=[bank.pk])
    client.post(reverse("learners:bank_detail", args=[bank.pk]),
                {"text": "What would you do if Mr Ali said no?", "value": values[1].pk})
    assert bank.questions.get().value == values[1]


def test_a_bank_is_reused_by_several_cohorts_and_can_be_copied(client_for, staff, locality):
    bank = QuestionBankFactory(name="Shared bank")
    ScreeningQuestionFactory.create_batch(3, bank=bank)
    CohortFactory(locality=locality, question_bank=bank)
    CohortFactory(locality=locality, question_bank=bank)
    assert bank.cohorts.count() == 2
    response = client_for(staff).post(reverse("learners:bank_copy", args=[bank.pk]))
    copy = QuestionBank.objects.get(name="Shared bank (copy)")
    assert response["Location"] == reverse("learners:bank_detail", args=[copy.pk])
    assert list(copy.questions.values_list("text", flat=True)) == list(bank.questions.values_list("text", flat=True))
    assert bank.questions.count() == 3


def test_an_empty_question_is_refused(client_for, staff):
    bank = QuestionBankFactory()
    response = client_for(staff).post(reverse("learners:bank_detail", args=[bank.pk]), {"text": ""})
    assert "This field is required" in response.content.decode()
    assert not bank.questions.exists()


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_only_staff_configure_values(client_for, request, persona, learner):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("learners:values")).status_code == 403
    assert client.post(reverse("learners:value_create"), {"name": "X", "descriptor": "Y", "order": 1}).status_code == 403
    assert not AcademyValue.objects.exists()


def test_learners_cannot_configure_values(client_for, learner):
    assert client_for(learner.user).get(reverse("learners:values")).status_code == 403

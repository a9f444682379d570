"""A learner's equality answers are in their data download and go when they are erased."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from equality.models import AdjustmentsNeeded, EqualityMonitoring
from learners.gdpr import learner_data_export, learner_erase
from tests.factories.equality import AdjustmentsNeededFactory, EqualityMonitoringFactory

pytestmark = pytest.mark.django_db


def test_the_learners_download_holds_their_equality_answers_and_adjustments(learner, other_learner):
    EqualityMonitoringFactory(learner=learner, ethnic_group="asian_indian", caring="up_to_19")
    AdjustmentsNeededFactory(learner=learner, what_would_help="A quiet room")
    EqualityMonitoringFactory(learner=other_learner, ethnic_group="white_irish")
    data = json.loads(zipfile.ZipFile(io.BytesIO(learner_data_export(learner=learner))).read("data.json"))
    answers = data["records"]["equality.equalitymonitoring"]
    assert len(answers) == 1 and answers[0]["ethnic_group"] == "asian_indian" and answers[0]["caring"] == "up_to_19"
    assert data["records"]["equality.adjustmentsneeded"][0]["what_would_help"] == "A quiet room"
    assert "white_irish" not in json.dumps(data)


def test_erasing_a_learner_deletes_their_equality_answers_and_adjustments(learner, other_learner, staff):
    EqualityMonitoringFactory(learner=learner)
    AdjustmentsNeededFactory(learner=learner)
    EqualityMonitoringFactory(learner=other_learner)
    learner_erase(learner=learner, by=staff, reason="Asked by email")
    assert not EqualityMonitoring.objects.filter(learner=learner).exists()
    assert not AdjustmentsNeeded.objects.filter(learner=learner).exists()
    assert EqualityMonitoring.objects.filter(learner=other_learner).exists()


def test_erasure_from_the_staff_page_removes_the_answers(client_for, learner, staff):
    EqualityMonitoringFactory(learner=learner)
    response = client_for(staff).post(reverse("learners:erase", args=[learner.pk]),
                                      {"reason": "Asked by email", "confirm": "on"})
    assert response.status_code == 302
    assert not EqualityMonitoring.objects.exists()


def test_an_erased_learner_cannot_answer_again(client_for, learner, staff):
    learner_erase(learner=learner, by=staff, reason="Asked by email")
    client = client_for(learner.user)  # their account is deactivated: they are signed out
    response = client.post(reverse("equality:my_answers"), {"sex": "male"})
    assert response.status_code in (302, 403, 404)
    assert not EqualityMonitoring.objects.exists()

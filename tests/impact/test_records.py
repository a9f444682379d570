"""Recording surveys, follow-ups and spend through the services: the rules they keep."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from impact.models import RetentionFollowUp, SupportSpend, WellbeingSurvey
from impact.services import (
    retention_follow_up_record,
    satisfaction_record,
    support_spend_record,
    wellbeing_survey_record,
)
from learners.models import Stage
from tests.factories.impact import application_at

TODAY = datetime.date(2026, 5, 1)


@pytest.mark.django_db
def test_resilience_score_reverses_the_negative_statements():
    application = application_at(Stage.ENROLLED)
    survey = wellbeing_survey_record(application=application, moment="start", taken_on=TODAY,
                                     answers=[5, 1, 5, 1, 5, 1])
    assert survey.score == 30
    again = wellbeing_survey_record(application=application, moment="start", taken_on=TODAY,
                                    answers=[1, 5, 1, 5, 1, 5])
    assert again.pk == survey.pk and again.score == 6


@pytest.mark.django_db
def test_an_answer_outside_1_to_5_is_refused_and_nothing_is_saved():
    application = application_at(Stage.ENROLLED)
    with pytest.raises(ValidationError, match="wellbeing_item_1_1_to_5"):
        wellbeing_survey_record(application=application, moment="start", taken_on=TODAY, answers=[6, 1, 1, 1, 1, 1])
    with pytest.raises(ValidationError, match="has six statements; please answer all six"):
        wellbeing_survey_record(application=application, moment="start", taken_on=TODAY, answers=[3, 3])
    assert not WellbeingSurvey.objects.exists()


@pytest.mark.django_db
def test_negative_support_spend_is_refused():
    application = application_at(Stage.ENROLLED)
    with pytest.raises(ValidationError, match="support_spend_not_negative"):
        support_spend_record(application=application, category="travel", amount=Decimal("-1"), spent_on=TODAY)
    assert not SupportSpend.objects.exists()


@pytest.mark.django_db
def test_follow_up_is_only_for_someone_who_started_work():
    with pytest.raises(ValidationError, match="started work"):
        retention_follow_up_record(application=application_at(Stage.COMPLETED), month=3, in_work=True,
                                   same_employer=True)
    assert not RetentionFollowUp.objects.exists()


@pytest.mark.django_db
def test_follow_up_at_an_odd_month_is_refused():
    with pytest.raises(ValidationError, match="Value 4 is not a valid choice"):
        retention_follow_up_record(application=application_at(Stage.STARTED_WORK), month=4, in_work=True,
                                   same_employer=True)


@pytest.mark.django_db
def test_out_of_work_cannot_be_with_the_same_employer():
    follow_up = retention_follow_up_record(application=application_at(Stage.STARTED_WORK), month=6,
                                           in_work=False, same_employer=True)
    assert follow_up.same_employer is False


@pytest.mark.django_db
def test_provider_satisfaction_needs_a_provider():
    with pytest.raises(ValidationError, match="satisfaction_respondent_matches"):
        satisfaction_record(respondent="provider", score=4, recorded_on=TODAY)

"""Recording support spend, and the resilience score worked out from the answers.

The rules for when a survey may be answered, and that it is answered once, are pinned where they are
defined: tests/impact/test_survey_services.py (impact.services.surveys, the only survey writes).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from impact.models import SatisfactionSurvey, SupportSpend
from impact.services.support import support_spend_record
from impact.services.surveys import resilience_check_record
from learners.models import Stage
from tests.factories.impact import application_at

TODAY = datetime.date(2026, 5, 1)


@pytest.mark.django_db
def test_resilience_score_reverses_the_negative_statements(staff):
    high = resilience_check_record(application=application_at(Stage.ENROLLED), moment="start", taken_on=TODAY,
                                   answers=[5, 1, 5, 1, 5, 1], by=staff)
    assert high.score == 30
    low = resilience_check_record(application=application_at(Stage.ENROLLED), moment="start", taken_on=TODAY,
                                  answers=[1, 5, 1, 5, 1, 5], by=staff)
    assert low.score == 6


@pytest.mark.django_db
def test_negative_support_spend_is_refused():
    application = application_at(Stage.ENROLLED)
    with pytest.raises(ValidationError, match="support_spend_not_negative"):
        support_spend_record(application=application, category="travel", amount=Decimal("-1"), spent_on=TODAY)
    assert not SupportSpend.objects.exists()


@pytest.mark.django_db
def test_provider_satisfaction_needs_a_provider():
    survey = SatisfactionSurvey(respondent="provider", score=4, recorded_on=TODAY)
    with pytest.raises(ValidationError, match="satisfaction"):
        survey.full_clean()

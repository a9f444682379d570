"""Follow-ups say why: the reason for leaving (from a list staff can change) and any progression, on the dashboard."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from impact.models import LeavingReason, RetentionFollowUp
from impact.selectors.figures import ImpactFilters, impact_figures
from impact.services.surveys import follow_up_record
from impact.tables import impact_tables
from learners.models import Stage
from tests.factories.impact import application_at

pytestmark = pytest.mark.django_db


def started(learner=None):
    at = timezone.now() - datetime.timedelta(days=106)
    return application_at(Stage.STARTED_WORK, learner=learner, at=at, days_per_step=[1] * 7)


def test_the_configurable_list_starts_with_the_academies_reasons():
    names = set(LeavingReason.objects.values_list("name", flat=True))
    assert {"Pay", "Shifts", "Travel", "Caring responsibilities", "The job was not as described", "Health",
            "Moved to another care job", "Left care"} <= names


def test_a_follow_up_records_why_they_left_and_how_they_progressed(staff):
    application = started()
    shifts = LeavingReason.objects.get(name="Shifts")
    follow_up = follow_up_record(application=application, month=3, in_work=True, same_employer=False, by=staff,
                                 leaving_reason=shifts, progression=["qualification_started"])
    assert follow_up.leaving_reason == shifts
    assert (follow_up.qualification_started, follow_up.promoted) == (True, False)


def test_a_reason_for_leaving_is_refused_for_someone_still_with_the_employer(staff):
    application = started()
    with pytest.raises(ValidationError, match="only for someone no longer with the employer"):
        follow_up_record(application=application, month=3, in_work=True, same_employer=True, by=staff,
                         leaving_reason=LeavingReason.objects.get(name="Pay"))
    assert not RetentionFollowUp.objects.exists()


def test_the_dashboard_shows_reasons_and_progression(staff, client_for):
    pay = LeavingReason.objects.get(name="Pay")
    for _ in range(2):
        follow_up_record(application=started(), month=3, in_work=False, same_employer=False, by=staff,
                         leaving_reason=pay)
    follow_up_record(application=started(), month=3, in_work=True, same_employer=True, by=staff,
                     progression=["moved_to_nursing_or_nhs", "promoted"])
    table = impact_tables(impact_figures(filters=ImpactFilters()), suppress=False).leaving
    cells = {r.key: [c.display for c in r.cells] for r in table.rows}
    assert cells["reason_Pay"] == ["2", "0", "0"]
    assert cells["progression_moved_to_nursing_or_nhs"] == ["1", "0", "0"]
    assert cells["progression_promoted"] == ["1", "0", "0"]
    html = client_for(staff).get(reverse("impact:dashboard")).content.decode()
    assert 'data-testid="table-leaving"' in html and "Left: Pay" in html


def test_staff_record_the_reason_on_the_phone_follow_up_page(staff, learner, client_for):
    application = started(learner)
    travel = LeavingReason.objects.get(name="Travel")
    response = client_for(staff).post(reverse("impact:staff_follow_up", args=[application.pk, 3]), {
        "in_work": "yes", "same_employer": "no", "leaving_reason": travel.pk, "progression": ["promoted"]})
    assert response.status_code == 302
    follow_up = RetentionFollowUp.objects.get()
    assert follow_up.leaving_reason == travel and follow_up.promoted

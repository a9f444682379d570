"""Who staff may see is decided once, in learners.permissions.learners_visible_to: their localities'
learners, never an erased one on an ordinary page. Placements, interviews, surveys and the impact
drill-down filter with it rather than with copies of the rule."""

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from learners.models import Stage
from learners.permissions import get_learner_for_staff_or_404, learners_visible_to
from placements.permissions import applications_for_staff
from tests.factories import CohortFactory, LearnerFactory
from tests.factories.impact import application_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept_and_erased(locality):
    cohort = CohortFactory(locality=locality)
    kept = application_at(Stage.REFERRED, cohort=cohort,
                          learner=LearnerFactory(locality=locality, first_name="Keeley", last_name="Kept"))
    erased = application_at(Stage.REFERRED, cohort=cohort,
                            learner=LearnerFactory(locality=locality, first_name="Erin", last_name="Erased"))
    erased.learner.erased_at = timezone.now()
    erased.learner.save(update_fields=["erased_at"])
    return kept, erased


def test_an_erased_learner_is_hidden_from_staff_lists(staff, client_for, kept_and_erased):
    kept, erased = kept_and_erased
    assert list(learners_visible_to(staff)) == [kept.learner]
    assert list(applications_for_staff(staff)) == [kept]
    html = client_for(staff).get(reverse("impact:drilldown", args=["referred"])).content.decode()
    assert "Kept" in html
    assert "Erased" not in html


def test_an_erased_learner_is_a_404_on_staff_work_pages(staff, client_for, kept_and_erased):
    _kept, erased = kept_and_erased
    with pytest.raises(Http404):
        get_learner_for_staff_or_404(staff, erased.learner_id)
    response = client_for(staff).get(reverse("learners:screening", args=[erased.pk]))
    assert response.status_code == 404


def test_the_erasure_pages_still_reach_the_erased_record(staff, client_for, kept_and_erased):
    _kept, erased = kept_and_erased
    assert get_learner_for_staff_or_404(staff, erased.learner_id, include_erased=True) == erased.learner
    assert client_for(staff).get(reverse("learners:detail", args=[erased.learner_id])).status_code == 200
    response = client_for(staff).get(reverse("learners:erase", args=[erased.learner_id]))
    assert response.status_code == 302


def test_only_staff_may_ask_for_erased_learners(learner):
    learner.erased_at = timezone.now()
    learner.save(update_fields=["erased_at"])
    assert not learners_visible_to(learner.user, include_erased=True).exists()

"""Every page that shows DBS or right-to-work details tells the browser to keep no copy (no-store)."""

import pytest
from django.urls import reverse

from learners.models import RightToWorkCheck
from tests.factories.personnel import work_ready_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(locality, staff):
    return work_ready_learner(locality=locality, staff=staff)


def _staff_pages(ready):
    learner, dbs = ready.learner, ready.dbs
    rtw = RightToWorkCheck.objects.get(learner=learner)
    cohort = ready.application.cohort
    return [
        reverse("learners:cohort_board", args=[cohort.pk]),
        reverse("learners:cohort_dbs", args=[cohort.pk]),
        reverse("learners:detail", args=[learner.pk]),
        reverse("learners:dbs_detail", args=[dbs.pk]),
        reverse("learners:learner_add", args=[learner.pk, "dbs"]),
        reverse("learners:learner_add", args=[learner.pk, "right_to_work"]),
        reverse("learners:record_edit", args=["right_to_work", rtw.pk]),
        reverse("learners:record_remove", args=["right_to_work", rtw.pk]),
        reverse("learners:personnel_file", args=[learner.pk]),
    ]


def _assert_no_store(response):
    assert response.status_code == 200, response.status_code
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


@pytest.mark.parametrize("index", range(9))
def test_staff_pages_with_dbs_or_right_to_work_details_are_not_stored(index, ready, staff, client_for):
    url = _staff_pages(ready)[index]
    _assert_no_store(client_for(staff).get(url))


def test_a_refused_dbs_form_is_not_stored_either(ready, staff, client_for):
    response = client_for(staff).post(reverse("learners:dbs_transition", args=[ready.dbs.pk]), {"to_status": ""})
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]


def test_the_learners_own_personnel_file_page_is_not_stored(ready, client_for):
    _assert_no_store(client_for(ready.learner.user).get(reverse("learners:my_personnel_file")))

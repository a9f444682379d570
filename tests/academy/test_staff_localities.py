"""A staff member's localities decide which learners and cohorts they see; the portal reads them once
per user object (User.locality_ids) and must never keep an old copy after they change."""

import pytest

from courses.permissions import cohorts_visible_to
from learners.permissions import learners_visible_to
from tests.factories import CohortFactory, LearnerFactory, LocalityFactory

pytestmark = pytest.mark.django_db


def test_the_localities_are_read_once_per_user_object(staff, locality, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert staff.locality_ids == [locality.pk]
        assert staff.locality_ids == [locality.pk]


def test_adding_and_removing_a_locality_changes_what_the_same_user_object_sees(staff, locality):
    elsewhere = LocalityFactory(name="Preston")
    learner_elsewhere = LearnerFactory(locality=elsewhere)
    cohort_elsewhere = CohortFactory(locality=elsewhere)
    assert not learners_visible_to(staff).filter(pk=learner_elsewhere.pk).exists()
    assert not cohorts_visible_to(staff).filter(pk=cohort_elsewhere.pk).exists()

    staff.localities.add(elsewhere)
    assert learners_visible_to(staff).filter(pk=learner_elsewhere.pk).exists()
    assert cohorts_visible_to(staff).filter(pk=cohort_elsewhere.pk).exists()

    staff.localities.remove(elsewhere)
    assert not learners_visible_to(staff).filter(pk=learner_elsewhere.pk).exists()
    staff.localities.clear()  # no localities: the whole region
    assert learners_visible_to(staff).filter(pk=learner_elsewhere.pk).exists()

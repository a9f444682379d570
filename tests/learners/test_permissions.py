"""learners_visible_to / can_view_learner: who sees which learner."""

import pytest
from django.contrib.auth.models import AnonymousUser

from learners.permissions import can_view_learner, learners_visible_to
from tests.factories import LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_see_learners_in_their_localities_only(staff, learner, other_locality):
    wigan = LearnerFactory(locality=other_locality)
    assert set(learners_visible_to(staff)) == {learner}
    assert can_view_learner(staff, learner) and not can_view_learner(staff, wigan)


def test_staff_with_no_localities_see_everyone(learner, other_locality):
    regional = UserFactory(staff=True)
    wigan = LearnerFactory(locality=other_locality)
    assert set(learners_visible_to(regional)) == {learner, wigan}


def test_a_learner_sees_only_themselves(learner, other_learner):
    assert list(learners_visible_to(learner.user)) == [learner]
    assert not can_view_learner(learner.user, other_learner)


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_providers_and_partners_see_no_learners_here(request, persona, learner):
    user = request.getfixturevalue(persona)
    assert not learners_visible_to(user).exists()
    assert not can_view_learner(user, learner)


def test_anonymous_sees_nobody(learner):
    assert not learners_visible_to(AnonymousUser()).exists()

"""Priority groups: recorded by the learner (after applying or from their page) or by staff."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reach.models import LearnerPriorityGroup
from reach.services import learner_priority_groups_set
from tests.factories import CohortFactory, LearnerFactory
from tests.factories.reach import LearnerPriorityGroupFactory, priority_group

pytestmark = pytest.mark.django_db


def test_setting_groups_adds_and_removes_and_keeps_who_recorded_the_rest(learner, staff):
    LearnerPriorityGroupFactory(learner=learner, group=priority_group("care-leaver"), recorded_by=staff)
    LearnerPriorityGroupFactory(learner=learner, group=priority_group("over-50"))
    learner_priority_groups_set(learner=learner, groups=[priority_group("care-leaver"),
                                                         priority_group("most-deprived-area")],
                                by=learner.user, source="learner")
    memberships = {m.group.slug: m for m in LearnerPriorityGroup.objects.filter(learner=learner)}
    assert set(memberships) == {"care-leaver", "most-deprived-area"}
    assert memberships["care-leaver"].recorded_by == staff and memberships["care-leaver"].source == "staff"
    assert memberships["most-deprived-area"].source == "learner"


def test_a_retired_group_cannot_be_recorded(learner):
    group = priority_group("over-50")
    group.is_active = False
    group.save()
    with pytest.raises(ValidationError, match="no longer a priority group"):
        learner_priority_groups_set(learner=learner, groups=[group], source="staff")


def test_a_learner_records_their_groups_from_their_page(client_for, learner):
    client = client_for(learner.user)
    leaver = priority_group("care-leaver")
    response = client.post(reverse("reach:my_groups"), {"groups": [leaver.pk]})
    assert response.status_code == 302
    assert LearnerPriorityGroup.objects.get(learner=learner).group == leaver


def test_a_made_up_group_id_is_refused_with_a_message(client_for, learner):
    response = client_for(learner.user).post(reverse("reach:my_groups"), {"groups": ["999999"]})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


def test_staff_record_groups_for_a_learner_in_their_locality(client_for, staff, learner):
    veteran = priority_group("armed-forces-veteran")
    response = client_for(staff).post(reverse("reach:learner_groups", args=[learner.pk]), {"groups": [veteran.pk]})
    assert response.status_code == 302
    membership = LearnerPriorityGroup.objects.get(learner=learner)
    assert membership.source == "staff" and membership.recorded_by == staff


def test_staff_of_another_locality_cannot_record_groups(client_for, other_locality_staff, learner):
    response = client_for(other_locality_staff).get(reverse("reach:learner_groups", args=[learner.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["provider_user", "partner", "other_learner"])
def test_others_cannot_record_a_learners_groups(request, client_for, learner, who):
    user = request.getfixturevalue(who)
    user = user.user if hasattr(user, "user") else user
    assert client_for(user).get(reverse("reach:learner_groups", args=[learner.pk])).status_code == 403


def test_after_applying_the_applicant_records_groups_then_goes_on_to_the_equality_questions(client, locality):
    cohort = CohortFactory(locality=locality)
    client.post(reverse("learners:apply", args=[cohort.pk]), {
        "first_name": "Sam", "last_name": "Hughes", "email": "sam@example.test", "postcode": "FY1 4AB",
        "situation": "carer_returning", "motivation": "I cared for my dad for two years and want to do more.",
    })
    response = client.post(reverse("reach:after_applying_groups"), {"groups": [priority_group("carer-returning").pk]})
    assert response.status_code == 302 and response["Location"] == reverse("equality:after_applying")
    assert LearnerPriorityGroup.objects.get().learner.email == "sam@example.test"


def test_without_having_just_applied_there_is_nothing_to_record(client):
    LearnerFactory()
    assert client.get(reverse("reach:after_applying_groups")).status_code == 302
    assert not LearnerPriorityGroup.objects.exists()

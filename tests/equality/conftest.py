import pytest
from django.contrib.auth.models import Group

from equality.permissions import EQUALITY_ROLE_GROUP
from tests.factories import UserFactory


@pytest.fixture
def equality_officer(db, locality):
    """A staff member in the named equality-data role (the group the migration seeds)."""
    user = UserFactory(staff=True, email="equality-officer@example.test")
    user.localities.add(locality)
    user.groups.add(Group.objects.get(name=EQUALITY_ROLE_GROUP))
    return user

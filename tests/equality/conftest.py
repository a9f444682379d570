import pytest

from tests.factories import UserFactory
from tests.factories.equality import equality_role_group


@pytest.fixture
def equality_officer(db, locality):
    """A staff member in the named equality-data role (the group the migration seeds)."""
    user = UserFactory(staff=True, email="equality-officer@example.test")
    user.localities.add(locality)
    user.groups.add(equality_role_group())
    return user

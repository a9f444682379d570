import pytest

from tests.factories import CohortFactory


@pytest.fixture
def cohort(db, locality):
    return CohortFactory(locality=locality, name="Talent for Care Blackpool")

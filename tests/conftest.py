"""Personas shared by every test: each role, and a second one of each to prove separation."""

import pytest
from django.core.cache import cache

from config.celery import app
from tests.factories import LearnerFactory, LocalityFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate-limit counters and used TOTP codes in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Tasks run in-process even when a broker is configured (CI's Redis), so a flow test sees their
    result at once; tests marked `worker` send them to a real Celery worker instead."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def locality(db):
    return LocalityFactory(name="Blackpool")


@pytest.fixture
def other_locality(db):
    return LocalityFactory(name="Wigan")


@pytest.fixture
def staff(db, locality):
    user = UserFactory(staff=True, email="staff@example.test")
    user.localities.add(locality)
    return user


@pytest.fixture
def other_locality_staff(db, other_locality):
    user = UserFactory(staff=True, email="wigan-staff@example.test")
    user.localities.add(other_locality)
    return user


@pytest.fixture
def provider_user(db):
    return UserFactory(provider_user=True, email="provider@example.test")


@pytest.fixture
def other_provider_user(db):
    return UserFactory(provider_user=True, email="other-provider@example.test")


@pytest.fixture
def learner(db, locality):
    return LearnerFactory(user__email="learner@example.test", locality=locality)


@pytest.fixture
def other_learner(db, locality):
    return LearnerFactory(user__email="other-learner@example.test", locality=locality)


@pytest.fixture
def partner(db):
    return UserFactory(partner=True, email="partner@example.test")


@pytest.fixture
def client_for(client):
    """Returns a test client signed in as the given user."""

    def _client_for(user):
        client.force_login(user)
        return client

    return _client_for


@pytest.fixture(scope="session", autouse=True)
def _no_connections_left_at_teardown(django_db_setup, django_db_blocker):
    """Threads that served tests (the live server of the browser tests, the Celery worker of the worker
    tests) can leave a PostgreSQL connection open, and the test database then cannot be dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")

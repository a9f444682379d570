"""With Redis (the shared cache and the Celery broker) down, pages that can work without it do.

Redis is "down" here by pointing the cache and the broker at a port nothing listens on. Reads then
miss and writes are dropped (academy.cache_backends), a task that cannot be queued says "try again
shortly" and marks its row failed, and /healthz names the cache and the broker separately.
"""

import time

import pytest
from django.core import mail
from django.urls import reverse

from academy.cache_backends import FailOpenRedisCache
from academy.models import TaskRecord
from academy.services import account_email_mark_verified
from config.celery import app
from impact.models import ImpactReport
from learners.models import PersonnelFile
from tests.factories import UserFactory, VacancyFactory
from tests.factories.academy import PASSWORD
from tests.factories.personnel import work_ready_learner

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:6390/0"


def _drop_connections():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = {"default": {
        "BACKEND": "academy.cache_backends.FailOpenRedisCache", "LOCATION": CLOSED_PORT,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.IMPACT_FIGURES_CACHE_SECONDS = 600
    settings.CELERY_BROKER_URL = CLOSED_PORT
    # Celery reads the CELERY_BROKER_URL environment variable before its own configuration (celery.app.utils.
    # Settings.broker_url): with a live broker named there, app.conf alone would not point the app elsewhere.
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_PORT)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=CLOSED_PORT, task_always_eager=False)
    _drop_connections()
    FailOpenRedisCache._down_until = 0.0
    yield
    app.conf.update(**saved)
    _drop_connections()
    FailOpenRedisCache._down_until = 0.0


def test_the_vacancy_guide_still_answers(redis_down, client):
    VacancyFactory()
    assert client.get(reverse("vacancies:guide")).status_code == 200
    assert client.get(reverse("vacancies:guide")).status_code == 200


def test_signing_in_still_works(redis_down, client):
    user = UserFactory(partner=True, email="partner-down@example.test")
    account_email_mark_verified(user=user)
    assert client.get(reverse("account_login")).status_code == 200
    wrong = client.post(reverse("account_login"), {"login": user.email, "password": "not-the-password"})
    assert wrong.status_code == 200
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_asking_for_a_password_reset_still_works(redis_down, client, staff):
    response = client.post(reverse("account_reset_password"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("page", ["impact:dashboard", "impact:dashboard_csv"])
def test_the_dashboard_and_its_csv_still_answer(redis_down, client_for, partner, page):
    assert client_for(partner).get(reverse(page)).status_code == 200


@pytest.mark.django_db(transaction=True)  # the send happens on commit, as in production
def test_a_personnel_file_that_cannot_be_queued_says_try_again_and_is_marked_failed(
        redis_down, client_for, staff, locality):
    ready = work_ready_learner(locality=locality, staff=staff)
    started = time.monotonic()
    response = client_for(staff).post(reverse("learners:personnel_file_build", args=[ready.learner.pk]),
                                      follow=True)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "try again shortly" in response.content.decode()
    assert PersonnelFile.objects.get(learner=ready.learner).state == PersonnelFile.State.FAILED
    assert TaskRecord.objects.get().state == TaskRecord.State.FAILED


@pytest.mark.django_db(transaction=True)  # the send happens on commit, as in production
def test_a_report_that_cannot_be_queued_says_try_again_and_is_marked_failed(
        redis_down, client_for, partner):
    started = time.monotonic()
    response = client_for(partner).post(reverse("impact:reports"), {"from_month": "2026-01", "to_month": "2026-06"},
                                        follow=True)
    assert time.monotonic() - started < 5
    assert "try again shortly" in response.content.decode()
    assert ImpactReport.objects.get().status == ImpactReport.Status.FAILED


def test_healthz_reports_the_cache_and_the_broker_separately(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "up", "cache": "down", "broker": "down"}


def test_the_fail_open_cache_misses_and_drops_writes_quickly(redis_down):
    from django.core.cache import cache

    started = time.monotonic()
    cache.set("k", 1)
    assert cache.get("k", "missing") == "missing"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("lock", True) is True
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")
    assert time.monotonic() - started < 2

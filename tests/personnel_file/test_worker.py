"""A real Celery worker builds a personnel file end to end.

Against settings.CELERY_BROKER_URL when set (CI: Redis), else Kombu's in-memory transport; the
worker runs in a thread of this process, so the database must be transactional (real commits).
"""

import io
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import OperationalError
from pypdf import PdfReader

from academy.models import TaskRecord
from config.celery import app
from learners.models import PersonnelFile
from learners.personnel import services
from tests.factories.personnel import SECRET_DBS_REASON, work_ready_learner

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _drop_connections():
    """Forget connections and producers made with other broker settings."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_worker(transactional_db):
    broker = settings.CELERY_BROKER_URL or "memory://"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=broker, task_always_eager=False, result_backend=None)
    _drop_connections()
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)  # nothing left from earlier runs
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30,
                          loglevel="WARNING") as worker:
            yield worker
    finally:
        app.conf.update(**saved)
        _drop_connections()


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:
            pass  # SQLite's shared in-memory test database is briefly locked while the worker writes
        time.sleep(0.5)
    return False


def test_a_real_worker_builds_the_personnel_file_end_to_end(celery_worker, locality, staff, provider_user):
    ready = work_ready_learner(locality=locality, provider=provider_user.provider, staff=staff)
    services.personnel_file_request_build(learner=ready.learner, by=staff)  # committed: sent to the broker

    assert wait_for(lambda: PersonnelFile.objects.filter(learner=ready.learner,
                                                         state=PersonnelFile.State.READY).exists()), \
        list(TaskRecord.objects.values_list("state", "error"))
    record = PersonnelFile.objects.get(learner=ready.learner)
    with record.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Amira Okafor" in text and "10 of 10 sections complete" in text
    assert "Certificate content Information disclosed, discussed on" in text
    assert SECRET_DBS_REASON not in text
    assert wait_for(lambda: TaskRecord.objects.filter(state=TaskRecord.State.SUCCEEDED).exists())
    task = TaskRecord.objects.get()
    assert task.attempts == 1 and task.started_at and task.finished_at


def test_a_rebuild_on_the_worker_leaves_one_file(celery_worker, locality, staff, provider_user):
    ready = work_ready_learner(locality=locality, provider=provider_user.provider, staff=staff, complete=False)
    for _ in range(2):
        services.personnel_file_request_build(learner=ready.learner, by=staff)
    assert wait_for(lambda: TaskRecord.objects.filter(state=TaskRecord.State.SUCCEEDED).count() == 2)
    record = PersonnelFile.objects.get(learner=ready.learner)
    assert record.state == PersonnelFile.State.READY
    folder = record.pdf.storage.path("personnel-files")
    assert [n for n in os.listdir(folder) if n.startswith(f"{ready.learner.pk}-")] == [os.path.basename(record.pdf.name)]

"""Prints how long one personnel file takes to build and how many one worker builds per minute.

    python manage.py bench_personnel_files [--count 20] [--worker]

Without --worker the builds run in this process one after another (what one solo worker does);
with --worker they are sent as tasks to a real Celery worker started in this process, against
CELERY_BROKER_URL (or the in-memory transport), and timed from sending to the last file ready.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.benchmarks import bench_personnel_files
from learners.models import Learner, PersonnelFile


class Command(BaseCommand):
    help = "Measure seconds per personnel-file PDF and files per minute with one worker."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20)
        parser.add_argument("--worker", action="store_true", help="Send the builds to a real Celery worker.")

    def handle(self, *args, count, worker, **options):
        ids = list(Learner.objects.filter(applications__stage__in=["completed", "interviewed", "offered",
                                                                   "started_work"])
                   .values_list("pk", flat=True).distinct()[:count])
        if not ids:
            ids = list(Learner.objects.values_list("pk", flat=True)[:count])
        if not ids:
            raise CommandError("No learners: run `manage.py seed_demo` first.")
        if worker:
            result = self._through_worker(ids)
        else:
            result = bench_personnel_files(learner_ids=ids)
        self.stdout.write(
            f"Personnel files: {result['files']} built{' by a Celery worker' if worker else ' in-process'}; "
            f"{result['seconds_per_file']:.2f} s per file, {result['files_per_minute']:.0f} files per minute "
            "with one worker."
        )

    def _through_worker(self, ids):
        from celery.contrib.testing.worker import start_worker

        from config.celery import app
        from learners.tasks import personnel_file_build_task

        app.conf.update(broker_url=settings.CELERY_BROKER_URL or "memory://", task_always_eager=False,
                        result_backend=None)
        app._pool = None
        app.amqp._producer_pool = None
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            personnel_file_build_task.delay(learner_id=ids[0])  # warm-up
            self._wait(ids[:1], since=None)
            started_wall = time.time()
            started = time.perf_counter()
            for learner_id in ids:
                personnel_file_build_task.delay(learner_id=learner_id)
            self._wait(ids, since=started_wall)
            elapsed = time.perf_counter() - started
        per_file = elapsed / len(ids)
        return {"files": len(ids), "seconds_per_file": per_file, "files_per_minute": 60 / per_file}

    def _wait(self, ids, since, timeout=600):
        from datetime import UTC, datetime

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = PersonnelFile.objects.filter(learner_id__in=ids, state=PersonnelFile.State.READY)
            if since is not None:
                done = done.filter(built_at__gte=datetime.fromtimestamp(since, UTC))
            if done.count() == len(ids):
                return
            time.sleep(0.1)
        raise CommandError("The worker did not finish in time.")

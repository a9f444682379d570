"""A worker killed mid-task: the broker hands the task out again soon, and staff can retry its record.

Before: the broker's default visibility timeout (an hour) left a personnel file "being prepared", and
the record stayed "running" with retry refused.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from academy.models import TaskRecord
from academy.tasks import TaskNotRetryable, task_retry
from config.celery import app
from learners.models import PersonnelFile
from learners.tasks import personnel_file_build_task
from tests.factories.personnel import work_ready_learner

pytestmark = pytest.mark.django_db


def test_the_broker_hands_out_an_unacknowledged_task_again_soon_after_the_time_limit():
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert settings.CELERY_TASK_TIME_LIMIT < timeout <= settings.CELERY_TASK_TIME_LIMIT + 120
    assert timeout < 3600


def _started(learner, *, minutes_ago):
    PersonnelFile.objects.create(learner=learner, state=PersonnelFile.State.PENDING)
    started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return TaskRecord.objects.create(task_id=f"t-{minutes_ago}", name=personnel_file_build_task.name,
                                     kwargs={"learner_id": learner.pk, "by_id": None},
                                     state=TaskRecord.State.STARTED, started_at=started, attempts=1)


def test_staff_see_and_retry_a_task_running_longer_than_any_task_may(client_for, staff, locality,
                                                                     django_capture_on_commit_callbacks):
    ready = work_ready_learner(locality=locality, staff=staff)
    stuck = _started(ready.learner, minutes_ago=30)
    client = client_for(staff)
    page = client.get(reverse("academy:task_list")).content.decode()
    assert reverse("academy:task_retry", args=[stuck.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("academy:task_retry", args=[stuck.pk]), follow=True)
    assert "sent again" in response.content.decode()
    assert TaskRecord.objects.get(retry_of=stuck).state == TaskRecord.State.SUCCEEDED
    assert PersonnelFile.objects.get(learner=ready.learner).state == PersonnelFile.State.READY


def test_a_task_that_may_still_be_running_is_not_sent_twice(staff, learner):
    running = _started(learner, minutes_ago=2)
    with pytest.raises(TaskNotRetryable, match="failed or stuck"):
        task_retry(record=running, by=staff)

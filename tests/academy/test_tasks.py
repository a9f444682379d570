"""academy.tasks.PortalTask, the one base of every task: when a task is sent, how it runs, what staff see."""

from unittest import mock

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

from academy.models import TaskRecord
from academy.tasks import PortalTask
from config.celery import app
from reminders.tasks import reminders_send_due_task

# The retention task's module is reworked for the retention rules; it takes the base there.
NOT_ON_THE_BASE_YET = {"academy.retention.retention_apply_task"}


def our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_of_ours_is_built_on_the_one_base():
    tasks = our_tasks()
    assert {"academy.tasks.reminders_send_due_task", "learners.tasks.personnel_file_build_task",
            "impact.impact_report_build", "impact.dashboard_figures_warm"} <= set(tasks)
    assert [name for name, task in tasks.items()
            if not isinstance(task, PortalTask) and name not in NOT_ON_THE_BASE_YET] == []


def test_every_task_is_acknowledged_late_time_limited_and_retried_a_bounded_number_of_times():
    for name, task in our_tasks().items():
        if name in NOT_ON_THE_BASE_YET:
            continue
        assert task.acks_late and task.reject_on_worker_lost, name
        assert task.soft_time_limit < task.time_limit, name
        assert task.max_retries == 3 and task.retry_backoff_max == 300, name
        assert task.serializer == "json", name


@pytest.mark.django_db
def test_inside_a_transaction_a_task_is_sent_only_when_it_commits(django_capture_on_commit_callbacks):
    with mock.patch("celery.app.task.Task.apply_async") as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
            result = reminders_send_due_task.delay()
        send.assert_not_called()
        record = TaskRecord.objects.get()
        assert (record.task_id, record.state) == (result.id, TaskRecord.State.QUEUED)
        for callback in callbacks:
            callback()
    send.assert_called_once()
    assert send.call_args.args[2] == result.id


@pytest.mark.django_db
def test_a_rolled_back_transaction_sends_nothing_and_leaves_no_record():
    with mock.patch("celery.app.task.Task.apply_async") as send:
        with pytest.raises(RuntimeError), transaction.atomic():
            reminders_send_due_task.delay()
            raise RuntimeError("the request failed after asking for the task")
    send.assert_not_called()
    assert not TaskRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_task_is_sent_at_once_and_runs_in_process_without_a_broker():
    result = reminders_send_due_task.delay()
    assert result.get() == 0
    record = TaskRecord.objects.get(task_id=result.id)
    assert record.state == TaskRecord.State.SUCCEEDED and record.attempts == 1


@pytest.mark.django_db
def test_a_task_the_broker_cannot_take_is_recorded_as_failed_for_staff_to_retry(django_capture_on_commit_callbacks):
    with mock.patch("celery.app.task.Task.apply_async", side_effect=BrokerError("connection refused")):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_send_due_task.delay()
    record = TaskRecord.objects.get()
    assert record.state == TaskRecord.State.FAILED
    assert "connection refused" in record.error


@pytest.mark.django_db
def test_a_housekeeping_task_keeps_no_record(django_capture_on_commit_callbacks):
    from impact.tasks import dashboard_figures_warm

    assert dashboard_figures_warm.recorded is False
    with django_capture_on_commit_callbacks(execute=True):
        dashboard_figures_warm.delay()
    assert not TaskRecord.objects.exists()

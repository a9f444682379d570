from unittest import mock

import pytest
from django.db import transaction
from django.urls import reverse

from academy.models import TaskRecord
from learners.models import PersonnelFile
from learners.tasks import personnel_file_build_task


@pytest.fixture
def failed_build(learner, django_capture_on_commit_callbacks):
    with mock.patch("learners.personnel.services.personnel_file_pdf", side_effect=ValueError("template broke")):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            personnel_file_build_task.delay(learner_id=learner.pk, by_id=None)
    return TaskRecord.objects.get()


def test_a_failed_task_is_recorded_with_its_error(failed_build, learner):
    assert failed_build.state == TaskRecord.State.FAILED
    assert "ValueError: template broke" in failed_build.error
    assert failed_build.attempts == 1
    assert failed_build.finished_at is not None
    assert PersonnelFile.objects.get(learner=learner).state == PersonnelFile.State.FAILED


def test_staff_see_failed_and_recent_tasks_and_retry_one(failed_build, learner, staff, client_for,
                                                         django_capture_on_commit_callbacks):
    client = client_for(staff)
    page = client.get(reverse("academy:task_list")).content.decode()
    assert 'data-testid="failed-tasks"' in page and "template broke" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("academy:task_retry", args=[failed_build.pk]), follow=True)
    assert "sent again" in response.content.decode()
    retry = TaskRecord.objects.get(retry_of=failed_build)
    assert retry.state == TaskRecord.State.SUCCEEDED
    assert retry.requested_by == staff
    assert PersonnelFile.objects.get(learner=learner).state == PersonnelFile.State.READY
    # A retried failure leaves the failed list.
    assert 'data-testid="no-failed-tasks"' in client.get(reverse("academy:task_list")).content.decode()


def test_a_task_that_succeeded_is_not_sent_again(learner, staff, client_for, django_capture_on_commit_callbacks):
    record = TaskRecord.objects.create(task_id="done-1", name=personnel_file_build_task.name,
                                       kwargs={"learner_id": learner.pk}, state=TaskRecord.State.SUCCEEDED)
    response = client_for(staff).post(reverse("academy:task_retry", args=[record.pk]), follow=True)
    assert "Only a failed or stuck task" in response.content.decode()
    assert TaskRecord.objects.count() == 1


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_only_staff_see_the_task_list(request, failed_build, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("academy:task_list")).status_code == 403
    assert client.post(reverse("academy:task_retry", args=[failed_build.pk])).status_code == 403
    assert TaskRecord.objects.count() == 1


def test_learners_and_anonymous_visitors_cannot_retry(failed_build, learner, client, client_for):
    assert client.get(reverse("academy:task_list")).status_code == 302
    assert client_for(learner.user).post(reverse("academy:task_retry", args=[failed_build.pk])).status_code == 403
    assert TaskRecord.objects.count() == 1


def test_the_task_list_runs_the_same_number_of_queries_however_many_tasks(staff, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff)
    counts = []
    for n in range(3):
        TaskRecord.objects.create(task_id=f"t{n}", name="x", state=TaskRecord.State.FAILED, requested_by=staff)
        client.get(reverse("academy:task_list"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("academy:task_list"))
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts

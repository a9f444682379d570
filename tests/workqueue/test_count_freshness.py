"""The work queue's counts come from the shared cache, and are rebuilt as soon as a record they count
changes in the staff member's localities (workqueue.freshness), never later."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners.models import DbsCheck
from notifications.models import Notification
from tests.factories import ApplicationFactory, LearnerFactory, UserFactory
from workqueue import freshness

from .conftest import MINE, THEIRS, do_the_work, mark_messages_sent
from .test_work_queue import home_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def counts_cached(settings):
    from django.core.cache import cache

    settings.WORKQUEUE_COUNTS_SECONDS = 60
    cache.clear()


@pytest.fixture
def regional_staff(db):
    return UserFactory(staff=True, email="region-staff@example.test")


def queries_for_home(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("workqueue:home")).status_code == 200
    return len(queries)


def test_a_second_visit_reads_the_counts_from_the_cache(client_for, staff, pipelines):
    client = client_for(staff)
    client.get(reverse("workqueue:home"))  # the session's first request records it
    from django.core.cache import cache

    cache.clear()
    built = queries_for_home(client)
    again = queries_for_home(client)
    # Eight counts are cached; the messages count is read on every visit.
    assert built - again == 8, (built, again)


def test_every_piece_of_work_done_shows_on_the_next_visit(client_for, staff, pipelines,
                                                          django_capture_on_commit_callbacks):
    mine, _ = pipelines
    client = client_for(staff)
    assert home_counts(client)["screening"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        do_the_work(mine, staff)
    mark_messages_sent(mine)
    assert home_counts(client) == {"screening": 0, "dbs-blocked": 6, "references": 0, "placements": 0,
                                   "interviews": 0, "offers": 0, "cohorts": 1, "follow-ups": 1, "messages": 0}


def test_a_dbs_check_clearing_a_learner_shows_on_the_next_visit(client_for, staff, pipelines,
                                                                 django_capture_on_commit_callbacks):
    mine, _ = pipelines
    client = client_for(staff)
    assert home_counts(client)["dbs-blocked"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        DbsCheck.objects.create(learner=mine.dbs_blocked, level=DbsCheck.Level.ENHANCED_ADULTS,
                                status=DbsCheck.Status.CERTIFICATE_ISSUED, certificate_number="001234567890",
                                certificate_issued_on=mine.reference.requested_on, content=DbsCheck.Content.CLEAR)
    assert home_counts(client)["dbs-blocked"] == 4


def test_a_cohort_closed_leaves_the_queue_on_the_next_visit(client_for, staff, pipelines,
                                                            django_capture_on_commit_callbacks):
    from courses.outcomes import course_outcome_record
    from learners.models import Application

    mine, _ = pipelines
    client = client_for(staff)
    assert home_counts(client)["cohorts"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        course_outcome_record(application=Application.objects.get(cohort=mine.cohort_to_close), by=staff,
                              result="completed", on=mine.cohort_to_close.end_date)
    assert home_counts(client)["cohorts"] == 0


def test_a_change_in_another_locality_keeps_the_cached_counts_but_reaches_regional_staff(
        client_for, staff, regional_staff, other_locality, pipelines, django_capture_on_commit_callbacks):
    mine_client = client_for(staff)
    before = home_counts(mine_client)
    regional_before = home_counts(client_for(regional_staff))
    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(learner=LearnerFactory(locality=other_locality, last_name=THEIRS))
    assert home_counts(client_for(regional_staff))["screening"] == regional_before["screening"] + 1
    mine_client = client_for(staff)
    assert home_counts(mine_client) == before
    with CaptureQueriesContext(connection) as queries:
        mine_client.get(reverse("workqueue:home"))
    assert not any("learners_dbscheck" in q["sql"] for q in queries.captured_queries)


def test_a_new_application_in_the_locality_shows_on_the_next_visit(client_for, staff, locality,
                                                                   django_capture_on_commit_callbacks):
    client = client_for(staff)
    assert home_counts(client)["screening"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(learner=LearnerFactory(locality=locality, last_name=MINE))
    assert home_counts(client)["screening"] == 1


def test_a_write_that_rolls_back_moves_no_version(staff, locality, django_capture_on_commit_callbacks):
    before = freshness.versions([locality.pk])
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError, match="changed my mind"), transaction.atomic():
            ApplicationFactory(learner=LearnerFactory(locality=locality, last_name=MINE))
            raise RuntimeError("changed my mind")
    assert freshness.versions([locality.pk]) == before
    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(learner=LearnerFactory(locality=locality, last_name=MINE))
    assert freshness.versions([locality.pk]) != before


def test_failed_messages_are_counted_afresh_on_every_visit(client_for, staff, pipelines):
    mine, _ = pipelines
    client = client_for(staff)
    assert home_counts(client)["messages"] == 1
    # Sending changes messages in bulk, with no save: their count is never read from the cache.
    Notification.objects.filter(learner=mine.screening.learner).update(status=Notification.Status.SENT,
                                                                       sent_at=timezone.now())
    assert home_counts(client)["messages"] == 0


def test_an_evicted_version_never_brings_back_old_counts(client_for, staff, locality):
    from django.core.cache import cache

    client = client_for(staff)
    assert home_counts(client)["screening"] == 0
    # Made without its commit callbacks running: no version moves, so the cached count stands...
    ApplicationFactory(learner=LearnerFactory(locality=locality, last_name=MINE))
    assert home_counts(client)["screening"] == 0
    # ...until the cache loses the locality's version: a new one starts, and the counts are read again.
    cache.delete(f"workqueue:version:{locality.pk}")
    assert home_counts(client)["screening"] == 1


def test_a_new_interview_slot_asks_nothing_but_a_moved_one_does(django_capture_on_commit_callbacks):
    from tests.factories import InterviewSlotFactory

    existing = InterviewSlotFactory()
    with django_capture_on_commit_callbacks() as offered:
        InterviewSlotFactory.build(vacancy=existing.vacancy, site=existing.site, starts_at=existing.starts_at
                                   + datetime.timedelta(hours=1)).save()
    with django_capture_on_commit_callbacks() as moved:
        existing.starts_at += datetime.timedelta(days=1)
        existing.ends_at += datetime.timedelta(days=1)
        existing.save()
    # A new slot has no interview, so no learner's counts can change; a moved one may have one.
    assert (len(offered), len(moved)) == (0, 1)

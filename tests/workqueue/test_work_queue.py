"""The staff home is a work queue: counts for the staff member's localities, each linking to its list."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import DbsCheck
from tests.factories import ApplicationFactory, LearnerFactory
from workqueue.queues import QUEUES

from .conftest import MINE, THEIRS, do_the_work, mark_messages_sent, pipeline_in

pytestmark = pytest.mark.django_db

SLUGS = [q.slug for q in QUEUES]


def home_counts(client) -> dict[str, int]:
    body = client.get(reverse("workqueue:home")).content.decode()
    found = dict(re.findall(r'data-testid="count-([\w-]+)">(\d+)<', body))
    return {slug: int(n) for slug, n in found.items()}


def rows_of(client, slug) -> list[str]:
    body = client.get(reverse("workqueue:queue", args=[slug])).content.decode()
    return re.findall(r'<tr data-testid="queue-row">(.*?)</tr>', body, re.S)


def test_the_role_home_of_staff_is_the_work_queue(client_for, staff):
    response = client_for(staff).get(reverse("academy:home_redirect"))
    assert response.url == reverse("workqueue:home")


def test_a_new_application_shows_on_the_home_as_one_to_screen(client_for, staff, locality):
    """What new staff could not find: the home said "No reminders right now" while an application waited."""
    client = client_for(staff)
    assert home_counts(client)["screening"] == 0
    application = ApplicationFactory(learner=LearnerFactory(locality=locality, first_name="Nia", last_name=MINE))
    assert home_counts(client)["screening"] == 1
    [row] = rows_of(client, "screening")
    assert "Nia Ashdown" in row
    assert reverse("learners:detail", args=[application.learner_id]) in row
    assert reverse("learners:screening", args=[application.pk]) in row


def test_every_count_matches_its_list_and_shows_only_the_staff_members_localities(client_for, staff, pipelines):
    client = client_for(staff)
    counts = home_counts(client)
    assert set(counts) == set(SLUGS)
    for slug in SLUGS:
        rows = rows_of(client, slug)
        assert counts[slug] == len(rows) >= 1, slug
        assert all(MINE in row or slug == "cohorts" for row in rows), slug
        assert not any(THEIRS in row for row in rows), slug


def test_the_other_localitys_staff_see_their_own_queues_only(client_for, other_locality_staff, pipelines):
    client = client_for(other_locality_staff)
    counts = home_counts(client)
    for slug in SLUGS:
        rows = rows_of(client, slug)
        assert counts[slug] == len(rows) >= 1, slug
        assert not any(MINE in row for row in rows), slug


def test_counts_match_what_each_queue_holds(client_for, staff, pipelines):
    mine, _ = pipelines
    counts = home_counts(client_for(staff))
    # Learners holding a place with no DBS check: enrolled, placed, completed (interview), interviewed (offer),
    # the enrolled learner on the ended cohort, and the one now in work is no longer "holding a place".
    assert counts == {"screening": 1, "dbs-blocked": 5, "references": 1, "placements": 1, "interviews": 1,
                      "offers": 1, "cohorts": 1, "follow-ups": 1, "messages": 1}


def test_queues_empty_as_the_work_is_done(client_for, staff, pipelines):
    mine, _ = pipelines
    client = client_for(staff)
    do_the_work(mine, staff)
    mark_messages_sent(mine)
    counts = home_counts(client)
    # The screened applicant now holds a place without DBS: one more learner blocked on DBS.
    assert counts == {"screening": 0, "dbs-blocked": 6, "references": 0, "placements": 0, "interviews": 0,
                      "offers": 0, "cohorts": 1, "follow-ups": 1, "messages": 0}
    assert "No applications are waiting" in client.get(reverse("workqueue:queue", args=["screening"])).content.decode()


def test_a_learner_whose_latest_dbs_check_clears_them_leaves_the_dbs_queue(client_for, staff, pipelines):
    mine, _ = pipelines
    DbsCheck.objects.create(learner=mine.dbs_blocked, level=DbsCheck.Level.ENHANCED_ADULTS,
                            status=DbsCheck.Status.CERTIFICATE_ISSUED, certificate_number="001234567890",
                            certificate_issued_on=mine.reference.requested_on, content=DbsCheck.Content.CLEAR)
    client = client_for(staff)
    assert not any("Dee Ashdown" in row for row in rows_of(client, "dbs-blocked"))
    assert home_counts(client)["dbs-blocked"] == 4


def test_the_screening_list_is_oldest_first_with_days_waiting(client_for, staff, locality):
    newer = ApplicationFactory(learner=LearnerFactory(locality=locality, first_name="New", last_name=MINE))
    older = ApplicationFactory(learner=LearnerFactory(locality=locality, first_name="Old", last_name=MINE))
    older.submitted_at = timezone.now() - datetime.timedelta(days=9)
    older.save()
    rows = rows_of(client_for(staff), "screening")
    assert "Old Ashdown" in rows[0] and "<td>9</td>" in rows[0]
    assert "New Ashdown" in rows[1] and "<td>0</td>" in rows[1]
    assert newer


def test_lists_are_paginated(client_for, staff, locality):
    from workqueue import views

    for n in range(views.PAGE_SIZE + 2):
        ApplicationFactory(learner=LearnerFactory(locality=locality, last_name=f"{MINE}{n}"))
    client = client_for(staff)
    assert len(rows_of(client, "screening")) == views.PAGE_SIZE
    second = client.get(reverse("workqueue:queue", args=["screening"]), {"page": 2}).content.decode()
    assert second.count('data-testid="queue-row"') == 2


def test_an_unknown_queue_is_not_found(client_for, staff):
    assert client_for(staff).get(reverse("workqueue:queue", args=["nothing"])).status_code == 404


@pytest.mark.parametrize("persona", ["provider_user", "learner", "partner"])
def test_other_roles_are_refused_the_home_and_every_list(request, client, persona):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("workqueue:home")).status_code == 403
    for slug in SLUGS:
        assert client.get(reverse("workqueue:queue", args=[slug])).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("workqueue:home"))
    assert response.status_code == 302 and reverse("account_login") in response.url


# Each count is one query (9, the follow-ups too: impact.selectors.surveys.applications_with_follow_up_due); the
# rest is the session, the user and their localities, the reminders panel, the session's save.
HOME_MAX_QUERIES = 17  # with the first request of a session recording it, as below
LIST_MAX_QUERIES = 9  # the first request of a session records it (allauth usersessions): one more


def test_the_home_costs_a_fixed_number_of_queries(client_for, staff, pipelines, django_assert_max_num_queries):
    from django.core.cache import cache

    client = client_for(staff)
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        client.get(reverse("workqueue:home"))
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        client.get(reverse("workqueue:home"))
    pipeline_in(staff.localities.first(), MINE)  # twice the work waiting: no more queries
    cache.clear()
    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        client.get(reverse("workqueue:home"))


@pytest.mark.parametrize("slug", SLUGS)
def test_each_list_costs_a_fixed_number_of_queries(slug, client_for, staff, pipelines, django_assert_max_num_queries):
    pipeline_in(staff.localities.first(), MINE)
    client = client_for(staff)
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        assert client.get(reverse("workqueue:queue", args=[slug])).status_code == 200


def test_a_cohort_leaves_the_queue_once_every_enrolled_learner_has_a_course_outcome(client_for, staff, pipelines):
    from courses.outcomes import course_outcome_record
    from learners.models import Application

    mine, _ = pipelines
    client = client_for(staff)
    [row] = rows_of(client, "cohorts")
    assert reverse("courses:cohort_close", args=[mine.cohort_to_close.pk]) in row
    application = Application.objects.get(cohort=mine.cohort_to_close)
    course_outcome_record(application=application, by=staff, result="completed", on=mine.cohort_to_close.end_date)
    assert home_counts(client)["cohorts"] == 0

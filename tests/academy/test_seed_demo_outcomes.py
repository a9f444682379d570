"""The demo shows the whole promise: completion, a Friday offer and a Monday start with the file released
to the provider demo login, an interview waiting for its outcome, a cohort ready to close, a job found outside."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from academy.models import User
from courses.models import Cohort, CourseOutcome
from courses.outcomes import cohort_closing_rows
from devtools.stories.academy import DEMO_EMAILS
from devtools.stories.outcomes import STORY_EMAILS
from learners.models import Learner, Stage
from learners.personnel.selectors import live_releases_for_provider
from learners.selectors import learner_has_sharing_consent
from placements.models import Interview, JobOffer, JobStart

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo")
    return User.objects.get(email=DEMO_EMAILS[User.Role.PROVIDER])


def test_the_demo_tells_the_outcome_stories(demo, client):
    today = timezone.localdate()
    jordan = Learner.objects.get(email=STORY_EMAILS["jordan"])
    application = jordan.applications.get()
    assert CourseOutcome.objects.get(application=application).result == CourseOutcome.Result.COMPLETED
    offer = JobOffer.objects.get(application=application)
    start = JobStart.objects.get(learner=jordan)
    offered_on = timezone.localdate(offer.offered_at)
    assert offered_on.weekday() == 4 and start.started_on == offered_on + datetime.timedelta(days=3)
    assert start.provider == demo.provider and application.stage == Stage.STARTED_WORK
    assert learner_has_sharing_consent(jordan)
    (row,) = [r for r in live_releases_for_provider(provider_id=demo.provider_id) if r["release"].learner == jordan]
    assert row["ready"]
    client.force_login(demo)
    download = client.get(reverse("learners:provider_personnel_file_download", args=[row["token"]]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"

    waiting = Interview.objects.get(application__learner__email=STORY_EMAILS["kerry"])
    assert waiting.provider == demo.provider and waiting.outcome == Interview.Outcome.PENDING
    assert waiting.slot.starts_at < timezone.now()

    closing = Cohort.objects.get(name__endswith="(ready to close)")
    rows = cohort_closing_rows(cohort=closing)
    assert closing.end_date < today and len(rows) == 4 and all(r.outcome is None for r in rows)
    assert any(r.below_threshold for r in rows)

    outside = JobStart.objects.get(learner__email=STORY_EMAILS["lee"])
    assert outside.provider is None and outside.offer.interview is None
    assert outside.offer.how_found == "own_search"


def test_the_stories_are_written_once(demo):
    counts = (JobStart.objects.count(), CourseOutcome.objects.count(), Interview.objects.count())
    call_command("seed_demo")
    assert (JobStart.objects.count(), CourseOutcome.objects.count(), Interview.objects.count()) == counts

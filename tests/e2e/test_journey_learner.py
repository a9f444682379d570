"""A learner who has finished the course and been interviewed sees their progress and the job offer, and accepts it."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from learners.models import Stage
from learners.services.consent import consent_give
from placements.models import JobOffer
from placements.services import interview_record_outcome
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    LocalityFactory,
    UserFactory,
    VacancyFactory,
)
from tests.factories.academy import PASSWORD
from tests.factories.placements import held_interview

from .conftest import axe_violations, describe, login


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {describe(violations)}"


def test_a_learner_sees_their_progress_and_accepts_a_job_offer(page):
    today = timezone.localdate()
    blackpool = LocalityFactory(name="Blackpool")
    cohort = CohortFactory(name="Get into Care, Blackpool", locality=blackpool,
                           start_date=today - datetime.timedelta(weeks=6), end_date=today - datetime.timedelta(days=1))
    application = ApplicationFactory(cohort=cohort, stage=Stage.COMPLETED, learner__first_name="Manda",
                                     learner__last_name="Rigby", learner__locality=blackpool,
                                     learner__user__email="manda.rigby@example.test")
    learner = application.learner
    consent_give(learner=learner, application=application, by=None)
    provider_user = UserFactory(provider_user=True, provider__name="Fylde Coast Care", provider__locality=blackpool)
    vacancy = VacancyFactory(site__provider=provider_user.provider, site__name="Seaview House",
                             role_title="Care assistant (days)")
    interview = held_interview(application=application, vacancy=vacancy)
    start = today + datetime.timedelta(days=10)
    interview_record_outcome(interview=interview, outcome="offer", by=provider_user, proposed_start_date=start)

    login(page, "manda.rigby@example.test", PASSWORD)
    page.wait_for_url("**/learners/me/")

    # Their progress: where the application has got to, and how it got there.
    expect(page.get_by_role("heading", level=1)).to_have_text("My progress")
    expect(page.get_by_role("main")).to_contain_text("Hello Manda.")
    expect(page.get_by_test_id("applications").get_by_test_id("stage")).to_have_text(Stage.OFFERED.label)
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text(f"{cohort.name}: {Stage.COMPLETED.label}")
    expect(timeline).to_contain_text("Offered Care assistant (days) at Fylde Coast Care")
    expect(page.get_by_test_id("consent")).to_contain_text("You gave your consent")
    # What they still have to do says how, and links to where it is done.
    dbs_task = page.get_by_test_id("tasks").locator("[data-task=dbs]")
    expect(dbs_task).to_contain_text("The academy team will contact you to start your DBS check")
    expect(dbs_task.get_by_role("link", name="Which identity documents count (GOV.UK)")).to_be_visible()
    # Their data is one link away.
    expect(page.get_by_test_id("my-data").get_by_role("link", name="Download all my data")).to_be_visible()
    assert_accessible(page)

    # Their interview and the offer, from the menu.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Placement and interviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My placement and interviews")
    expect(page.get_by_test_id("summary-interviews")).to_contain_text(
        "Care assistant (days) at Fylde Coast Care")
    offers = page.get_by_test_id("summary-offers")
    expect(offers).to_contain_text(f"Care assistant (days) at Fylde Coast Care, offered {today:%-d %b %Y}")
    expect(offers).to_contain_text(JobOffer.Status.OPEN.label)
    assert_accessible(page)

    # They accept it.
    offers.get_by_role("link", name="Accept or turn down").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Job offer: Care assistant (days) at Fylde Coast Care")
    page.get_by_label("Accept the job").check()
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_role("status")).to_contain_text("Answer saved.")
    expect(page.get_by_test_id("summary-offers")).to_contain_text(JobOffer.Status.ACCEPTED.label)

    offer = JobOffer.objects.get(interview=interview)
    assert (offer.status, offer.proposed_start_date) == (JobOffer.Status.ACCEPTED, start)
    application.refresh_from_db()
    assert application.stage == Stage.OFFERED

"""A care provider posts a vacancy, ring-fences interviews for a cohort, records an interview's outcome and
downloads the personnel file the academy releases to them once the learner accepts the job."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from academy.models import AuditEvent
from learners.models import PersonnelFileRelease, Stage
from learners.personnel.services import personnel_file_release
from learners.services.consent import consent_give
from placements.models import Interview, JobOffer
from placements.services import job_offer_decide
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    LocalityFactory,
    SiteFactory,
    UserFactory,
)
from tests.factories.academy import PASSWORD
from tests.factories.placements import held_interview
from vacancies.models import RingFence, Vacancy

from .conftest import axe_violations, describe, login


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {describe(violations)}"


def test_a_provider_posts_a_vacancy_ring_fences_interviews_records_an_offer_and_downloads_the_file(page):
    today = timezone.localdate()
    blackpool = LocalityFactory(name="Blackpool")
    provider_user = UserFactory(provider_user=True, email="jo.walsh@example.test", provider__name="Fylde Coast Care",
                                provider__locality=blackpool)
    provider = provider_user.provider
    site = SiteFactory(provider=provider, name="Seaview House", postcode="FY1 2AB")
    cohort = CohortFactory(name="Get into Care, Blackpool", locality=blackpool,
                           start_date=today - datetime.timedelta(weeks=5), end_date=today + datetime.timedelta(days=7))
    application = ApplicationFactory(cohort=cohort, stage=Stage.COMPLETED, learner__first_name="Aisha",
                                     learner__last_name="Begum", learner__locality=blackpool)
    staff = UserFactory(staff=True)
    consent_give(learner=application.learner, application=application, by=staff)  # given at enrolment

    login(page, provider_user.email, PASSWORD)
    page.wait_for_url("**/providers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fylde Coast Care")
    expect(page.get_by_test_id("provider-todo")).to_contain_text("Nothing waiting for you.")

    # A new vacancy, described honestly, published straight away.
    page.get_by_role("link", name="Add a vacancy").click()
    form = page.get_by_test_id("vacancy-form")
    form.get_by_label("Site").select_option(label=str(site))
    form.get_by_label("Role title", exact=False).fill("Care assistant (days)")
    form.get_by_label("Setting", exact=False).select_option(label="Residential care home")
    form.get_by_label("Older people").check()
    form.get_by_label("Summary", exact=False).fill("Helping twelve residents with daily living in a small home.")
    form.get_by_label("Hours a week", exact=False).fill("30")
    form.get_by_label("Pay (£)", exact=False).fill("12.60")
    form.get_by_label("Closing date", exact=False).fill((today + datetime.timedelta(weeks=4)).isoformat())
    form.get_by_label("Good parts", exact=False).fill("Time to talk with residents; a friendly team.")
    form.get_by_label("Hard parts", exact=False).fill("Personal care, and some early starts.")
    assert_accessible(page)
    form.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_role("status")).to_contain_text("Vacancy saved as open.")
    expect(page.get_by_test_id("vacancy-status")).to_have_text(Vacancy.Status.OPEN.label)
    vacancy = Vacancy.objects.get(provider=provider, role_title="Care assistant (days)")

    # Interview places kept for the learners finishing the Blackpool course.
    page.get_by_role("link", name="Ring-fence interview places for a cohort").click()
    rf_form = page.get_by_test_id("page-form")
    rf_form.get_by_label("Cohort", exact=False).select_option(label=f"{cohort.name} – starts {cohort.start_date:%d %b %Y}")
    rf_form.get_by_label("Places", exact=False).fill("2")
    rf_form.get_by_role("button", name="Ring-fence interview places").click()
    expect(page.get_by_role("status")).to_contain_text("Interview places ring-fenced.")
    expect(page.get_by_test_id("ring-fences")).to_contain_text(f"2 places for {cohort.name}")
    assert_accessible(page)

    # The academy books Aisha into one of those interviews, which then takes place.
    interview = held_interview(application=application, vacancy=vacancy, site=site, by=staff)

    # Back on their home page the provider is asked for the outcome, and records an offer.
    page.goto("/providers/")
    todo = page.get_by_test_id("provider-todo")
    expect(todo).to_contain_text("Record the outcome of Aisha Begum's interview")
    expect(page.get_by_test_id("provider-ring-fences")).to_contain_text(cohort.name)
    todo.get_by_test_id("record-outcome").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview outcome: Aisha Begum")
    outcome = page.get_by_test_id("page-form")
    outcome.get_by_label(Interview.Outcome.OFFER.label).check()
    start = today + datetime.timedelta(days=14)
    outcome.get_by_label("Proposed start date (for an offer)").fill(start.isoformat())
    assert_accessible(page)
    outcome.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_role("status")).to_contain_text("Outcome recorded")
    expect(page.get_by_test_id("provider-todo")).to_contain_text("Nothing waiting for you.")

    # Aisha accepts the job; with her consent the academy releases her personnel file to the provider.
    offer = job_offer_decide(offer=JobOffer.objects.get(interview=interview), accept=True, by=application.learner.user)
    personnel_file_release(learner=application.learner, job_offer=offer, by=staff)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Personnel files").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personnel files shared with you")
    shared = page.get_by_test_id("shared-files-table").get_by_role("row").filter(has_text="Aisha Begum")
    expect(shared).to_contain_text("Care assistant (days)")
    assert_accessible(page)
    with page.expect_download() as download_info:
        shared.get_by_test_id("shared-file-download").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    interview.refresh_from_db()
    assert (interview.outcome, interview.outcome_recorded_by) == (Interview.Outcome.OFFER, provider_user)
    assert JobOffer.objects.get(interview=interview).proposed_start_date == start
    application.refresh_from_db()
    assert application.stage == Stage.OFFERED
    assert (vacancy.status, vacancy.site, vacancy.hours_per_week) == (Vacancy.Status.OPEN, site, 30)
    assert list(RingFence.objects.filter(vacancy=vacancy).values_list("cohort", "places")) == [(cohort.pk, 2)]
    release = PersonnelFileRelease.objects.get(learner=application.learner, provider=provider)
    assert release.download_count == 1
    assert AuditEvent.objects.filter(action="personnel_file.download", actor=provider_user,
                                     learner_id=application.learner_id).count() == 1


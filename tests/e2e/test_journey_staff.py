"""Academy staff screen an applicant, enrol them with consent, move their DBS check on, take attendance,
confirm a work placement and book and cancel an interview, in Chromium, checking what they see at each step."""

import datetime

from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Attendance
from learners.models import ConsentRecord, DbsCheck, Stage, ValuesScreening
from placements.models import Interview, Placement
from tests.factories import (
    AcademyValueFactory,
    ApplicationFactory,
    CohortFactory,
    CohortSessionFactory,
    InterviewSlotFactory,
    LocalityFactory,
    PlacementOpportunityFactory,
    UserFactory,
    VacancyFactory,
)
from tests.factories.academy import PASSWORD

from .conftest import axe_violations, describe, login


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {describe(violations)}"


def test_staff_screen_enrol_check_dbs_take_attendance_confirm_a_placement_and_book_an_interview(page):
    today = timezone.localdate()
    blackpool = LocalityFactory(name="Blackpool")
    staff = UserFactory(staff=True, email="sam.okafor@example.test", first_name="Sam", last_name="Okafor")
    staff.localities.add(blackpool)
    values = [AcademyValueFactory(name="Compassion"), AcademyValueFactory(name="Respect")]
    cohort = CohortFactory(name="Get into Care, Blackpool", locality=blackpool, start_date=today - datetime.timedelta(days=7),
                           end_date=today + datetime.timedelta(days=28))
    session = CohortSessionFactory(cohort=cohort, date=today - datetime.timedelta(days=2), title="Moving and handling")
    application = ApplicationFactory(cohort=cohort, learner__first_name="Aisha", learner__last_name="Begum",
                                     learner__locality=blackpool, learner__postcode="FY1 4AB",
                                     learner__cannot_work_nights=True)
    learner = application.learner
    opportunity = PlacementOpportunityFactory(title="Shadowing on the day unit", site__postcode="FY1 2AB",
                                              site__provider__name="Fylde Coast Care", site__locality=blackpool)

    login(page, staff.email, PASSWORD)
    page.wait_for_url("**/academy/")

    # The home is a work queue: the new application is counted as waiting for a screening.
    expect(page.get_by_test_id("count-screening")).to_contain_text("1")
    assert_accessible(page)

    # Find her from the navigation's search box by a misspelt name (typo-tolerant with PostgreSQL's
    # trigrams; elsewhere the parts of a name are matched).
    nav_search = page.get_by_test_id("nav-search")
    nav_search.get_by_role("searchbox").fill("Aisha Begun" if connection.vendor == "postgresql" else "aish beg")
    nav_search.get_by_role("button", name="Search").click()
    result = page.get_by_test_id("search-result").filter(has_text="Aisha Begum")
    expect(result).to_contain_text(Stage.APPLIED.label)
    expect(result).to_contain_text(cohort.name)
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()

    # From the staff home to the cohort board, where the new applicant waits for screening.
    page.get_by_test_id("panel-pipeline").get_by_role("link", name="Cohorts").click()
    page.get_by_role("link", name=f"Board for {cohort.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Cohort board: {cohort.name}")
    row = page.get_by_test_id("board-row").filter(has_text="Aisha Begum")
    expect(row).to_contain_text(Stage.APPLIED.label)
    assert_accessible(page)

    # Values screening: levels, a score and evidence for each value, the panel interview.
    row.get_by_role("link", name="Not started").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Values screening: Aisha Begum")
    form = page.get_by_test_id("screening-form")
    form.get_by_label("English (literacy) level").select_option(label="Level 1")
    form.get_by_label("Maths (numeracy) level").select_option(label="Entry 3")
    for value in values:
        form.get_by_label(f"{value.name}: score").select_option(label="3 – clearly shown")
        form.get_by_label(f"{value.name}: evidence").fill(f"Spoke warmly about {value.name.lower()} in the case study.")
    form.get_by_label("Interview on", exact=False).fill(today.isoformat())
    form.get_by_label("Panel member 1: name").fill("Sam Okafor")
    form.get_by_label("Panel member 1: role").select_option(index=1)
    # The outcome can be chosen before anything is saved; this time it is left for later.
    expect(form.get_by_test_id("decision-fields").get_by_label(ValuesScreening.Outcome.ACCEPTED.label)).to_be_visible()
    form.get_by_role("button", name="Save the screening").click()
    expect(page.get_by_role("status")).to_contain_text("Screening saved.")
    assert_accessible(page)

    # The board still leads to the saved screening.
    page.goto(f"/learners/cohorts/{cohort.pk}/board/")
    row = page.get_by_test_id("board-row").filter(has_text="Aisha Begum")
    row.get_by_test_id("screening-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Values screening: Aisha Begum")

    # The outcome: accepted onto the cohort.
    form = page.get_by_test_id("screening-form")
    form.get_by_label(ValuesScreening.Outcome.ACCEPTED.label).check()
    form.get_by_role("button", name="Save the screening").click()
    expect(page.get_by_role("status")).to_contain_text("Outcome recorded: Accepted onto the cohort.")
    expect(page.get_by_test_id("learner-name")).to_have_text("Aisha Begum")
    expect(page.get_by_test_id("applications").get_by_test_id("stage")).to_have_text(Stage.ACCEPTED.label)

    # Enrolment, with the learner's consent to share their personnel file.
    page.get_by_test_id("applications").get_by_role("link", name="Enrol").click()
    expect(page.get_by_test_id("consent-wording")).to_be_visible()
    page.get_by_label("The learner has read the consent wording above and agrees to it").check()
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"is enrolled on {cohort.name}")
    expect(page.get_by_test_id("applications").get_by_test_id("stage")).to_have_text(Stage.ENROLLED.label)
    expect(page.get_by_test_id("consent-state")).to_contain_text("Given on")
    assert_accessible(page)

    # DBS: start the check, then move it on to "submitted to DBS".
    page.get_by_role("link", name="Start a DBS check").click()
    record = page.get_by_test_id("page-form")
    record.get_by_label("Level", exact=False).first.select_option(label="Enhanced with adults' barred list")
    record.get_by_label("Workforce", exact=False).first.select_option(label="Adult workforce")
    record.get_by_label("Position", exact=False).first.fill("Care worker")
    expect(record.get_by_label(DbsCheck.Status.FORM_SENT.label)).to_be_checked()
    record.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Start a DBS check: saved. Status: {DbsCheck.Status.FORM_SENT.label}.")
    page.get_by_role("link", name="Enhanced with adults' barred list").click()
    expect(page.get_by_test_id("dbs-status")).to_have_text(DbsCheck.Status.FORM_SENT.label)
    # The next step forward is the default: pressing Update moves the check on, never back.
    transition = page.get_by_test_id("dbs-transition")
    expect(transition.get_by_label("Move to")).to_have_value(DbsCheck.Status.SUBMITTED)
    transition.get_by_role("button", name="Update").click()
    expect(page.get_by_role("status")).to_contain_text(f"DBS check updated: {DbsCheck.Status.SUBMITTED.label}.")
    expect(page.get_by_test_id("dbs-status")).to_have_text(DbsCheck.Status.SUBMITTED.label)
    assert_accessible(page)

    # Attendance for the session that has taken place.
    page.get_by_role("link", name="Back to the learner").click()
    page.get_by_test_id("applications").get_by_role("link", name=cohort.name, exact=True).click()
    page.get_by_role("link", name="Sessions and attendance").click()
    page.get_by_role("link", name=session.title, exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Attendance: {session.title}")
    page.get_by_test_id("attendance-form").get_by_label("Aisha Begum").select_option(label="Present")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("status")).to_be_visible()

    # Matching, then confirming the best work placement.
    # (The learner's page has no link to their matches yet: reached from the interviews list or by address.)
    page.goto(f"/placements/learners/{learner.pk}/matches/")
    match = page.get_by_test_id("placement-matches").get_by_test_id("match-row").filter(has_text=opportunity.title)
    expect(match).to_contain_text("Fylde Coast Care")
    assert_accessible(page)
    match.get_by_role("button", name="Confirm placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm a placement for Aisha Begum")
    # Suggested dates are in the future, within the provider's dates, not before the course starts.
    suggested = datetime.date.fromisoformat(page.get_by_label("Start date").input_value())
    assert suggested > today and suggested >= opportunity.available_from and suggested >= cohort.start_date
    page.get_by_label("Supervisor (if known)").fill("Jo Walsh")
    page.get_by_test_id("page-form").get_by_role("button", name="Confirm placement").click()
    expect(page.get_by_role("status")).to_contain_text("Placement confirmed.")
    assert_accessible(page)

    # Not "On placement" yet: the provider has not accepted and the placement has not started.
    expect(page.get_by_text(Stage.PLACED.label, exact=True)).to_have_count(0)

    # Booking an interview: a night-shift job she cannot do is not offered; the day job is booked.
    night = VacancyFactory(role_title="Night care assistant", works_nights=True, site__locality=blackpool)
    day = VacancyFactory(role_title="Day care assistant", site__locality=blackpool)
    InterviewSlotFactory(vacancy=night)
    InterviewSlotFactory(vacancy=day)
    page.goto(f"/placements/learners/{learner.pk}/interview/")
    slot_choice = page.get_by_label("A free slot")
    expect(slot_choice).to_contain_text("Day care assistant")
    expect(slot_choice).not_to_contain_text("Night care assistant")
    slot_choice.select_option(index=1)
    page.get_by_role("button", name="Book interview").click()
    expect(page.get_by_role("status")).to_contain_text("Interview booked for Aisha Begum.")
    assert_accessible(page)

    # Staff cancel it with a reason: the learner is told, the time is free again.
    page.goto("/placements/interviews/")
    page.get_by_role("link", name="cancel the interview for Aisha Begum").click()
    page.get_by_label("Why is it cancelled").fill("The manager is off sick that day.")
    page.get_by_role("button", name="Cancel the interview").click()
    expect(page.get_by_role("status")).to_contain_text("Interview cancelled. Aisha Begum has been told why.")
    assert_accessible(page)

    application.refresh_from_db()
    assert application.stage == Stage.ENROLLED
    interview = Interview.objects.get(application=application)
    assert (interview.vacancy, interview.outcome) == (day, Interview.Outcome.CANCELLED)
    screening = ValuesScreening.objects.get(application=application)
    assert (screening.outcome, screening.literacy_level, screening.decided_by) == ("accepted", "level_1", staff)
    assert screening.scores.count() == 2
    assert ConsentRecord.objects.filter(learner=learner, withdrawn_at__isnull=True).count() == 1
    assert DbsCheck.objects.get(learner=learner).status == DbsCheck.Status.SUBMITTED
    assert Attendance.objects.get(session=session, application=application).status == Attendance.Status.PRESENT
    placement = Placement.objects.get(application=application)
    assert (placement.opportunity, placement.supervisor_name, placement.confirmed_by) == (opportunity, "Jo Walsh", staff)

"""A person finds a programme, applies, sets the password the portal emails them and sees their application."""

import re
from decimal import Decimal

from django.core import mail
from playwright.sync_api import expect

from learners.models import Application, Learner, Stage
from tests.factories import (
    CohortFactory,
    LocalityFactory,
    ProgrammeFactory,
    RingFenceFactory,
    VacancyFactory,
)

from .conftest import login

NEW_PASSWORD = "a-long-new-password-for-aisha-2026"  # noqa: S105


def test_a_person_finds_a_course_applies_sets_a_password_and_sees_their_application(page):
    programme = ProgrammeFactory(name="Care Academy: Get into Care", slug="get-into-care")
    cohort = CohortFactory(programme=programme, name="Get into Care, Blackpool, spring",
                           locality=LocalityFactory(name="Blackpool"), venue="Central Library")

    # They find the course in the list and open it.
    page.goto("/courses/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    card = page.get_by_test_id("programme").filter(has_text="Get into Care")
    expect(card).to_contain_text("guaranteed job interview")
    card.get_by_role("link", name="Care Academy: Get into Care").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Care Academy: Get into Care")
    expect(page.get_by_test_id("upcoming-cohorts")).to_contain_text("Central Library")

    # They apply for the Blackpool dates.
    page.get_by_test_id("upcoming-cohorts").get_by_role("link", name=re.compile(r"^Apply")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Apply for {cohort.name}")
    form = page.get_by_test_id("application-form")
    form.get_by_label("First name").fill("Aisha")
    form.get_by_label("Last name").fill("Begum")
    form.get_by_label("Email address").fill("aisha.begum@example.test")
    form.get_by_label("Postcode").fill("fy1 4ab")
    form.get_by_label("Unemployed", exact=True).check()
    form.get_by_label("Residential care home").check()
    form.get_by_label("People living with dementia").check()
    form.get_by_label("I cannot work nights").check()
    form.get_by_label("Why would you like to work in care?").fill("I cared for my nan and loved making her day.")
    page.get_by_test_id("submit-application").click()

    # They are told what happens next, and an email with a link to set a password arrives.
    expect(page.get_by_test_id("application-received")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("now check your email")
    messages = [m for m in mail.outbox if "aisha.begum@example.test" in m.to]
    assert len(messages) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", messages[0].body).group(0)

    # They follow the link and choose a password.
    page.goto(link)
    page.get_by_label("New password", exact=False).first.fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is saved")

    # They sign in from there. The link they followed came to their address, so that already
    # confirmed it: no second email, no "verify your email" step.
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/accounts/login/")
    login(page, "aisha.begum@example.test", NEW_PASSWORD)

    # They see the application on their own page.
    page.wait_for_url("**/learners/me/")
    assert not [m for m in mail.outbox if "/accounts/confirm-email/" in m.body]
    expect(page.get_by_role("heading", level=1)).to_have_text("My progress")
    applications = page.get_by_test_id("applications")
    expect(applications).to_contain_text(cohort.name)
    expect(applications.get_by_test_id("stage")).to_have_text(Stage.APPLIED.label)

    learner = Learner.objects.get(email="aisha.begum@example.test")
    assert (learner.first_name, learner.postcode, learner.cannot_work_nights) == ("Aisha", "FY1 4AB", True)
    assert list(learner.preferred_settings.values_list("code", flat=True)) == ["residential"]
    assert learner.user.has_usable_password()
    application = Application.objects.get(learner=learner)
    assert (application.cohort, application.stage) == (cohort, Stage.APPLIED)


def test_a_person_goes_from_a_vacancy_to_applying_and_is_shown_plainly_what_to_correct(page):
    blackpool = LocalityFactory(name="Blackpool")
    cohort = CohortFactory(name="Get into Care, Blackpool, spring", locality=blackpool, venue="Central Library")
    vacancy = VacancyFactory(role_title="Care assistant (days)", site__locality=blackpool,
                             pay_amount=Decimal("24500.00"), pay_period="annual")
    RingFenceFactory(vacancy=vacancy, cohort=cohort, places=2)

    # From the guide, the job: its pay as people say it, and the course that leads to an interview for it.
    page.goto("/vacancies/")
    page.get_by_role("link", name="Care assistant (days)").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Care assistant (days)")
    expect(page.get_by_role("main")).to_contain_text("£24,500 a year")
    how = page.get_by_test_id("vacancy-how-to-apply")
    expect(how).to_contain_text("Interviews for this job are kept for learners on this course")
    how.get_by_role("link", name=re.compile(f"^Apply for {cohort.name}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Apply for {cohort.name}")

    # They make mistakes: a phone number that is not one, a one-letter reason, no situation.
    form = page.get_by_test_id("application-form")
    form.get_by_label("First name").fill("Aisha")
    form.get_by_label("Last name").fill("Begum")
    form.get_by_label("Email address").fill("aisha.begum@example.test")
    form.get_by_label("Phone number (optional)").fill("abc")
    form.get_by_label("Postcode").fill("fy1 4ab")
    form.get_by_label("Why would you like to work in care?").fill("x")
    page.get_by_test_id("submit-application").click()

    # The page says so first: the title, and a summary that has the focus and links to each field.
    expect(page).to_have_title(re.compile(r"^Error: Apply for"))
    summary = page.get_by_test_id("form-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Enter a phone number with its area code"))).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(3)  # phone, situation, motivation
    summary.get_by_role("link", name=re.compile("^Tell us in at least 5 words")).click()
    expect(page.get_by_label("Why would you like to work in care?")).to_be_focused()

    # What they typed is still there; they correct it and the application goes in.
    form = page.get_by_test_id("application-form")
    expect(form.get_by_label("First name")).to_have_value("Aisha")
    expect(form.get_by_label("Phone number (optional)")).to_have_value("abc")
    form.get_by_label("Phone number (optional)").fill("07123 456789")
    form.get_by_label("Unemployed", exact=True).check()
    form.get_by_label("Why would you like to work in care?").fill("I cared for my nan and loved making her day.")
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("application-received")).to_be_visible()
    learner = Learner.objects.get(email="aisha.begum@example.test")
    assert learner.phone == "+447123456789"
    assert Application.objects.get(learner=learner).cohort == cohort

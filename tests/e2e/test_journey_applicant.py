"""A person finds a programme, applies, sets the password the portal emails them and sees their application."""

import re

from django.core import mail
from playwright.sync_api import expect

from learners.models import Application, Learner, Stage
from tests.factories import CohortFactory, LocalityFactory, ProgrammeFactory

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
    expect(page.get_by_role("main")).to_contain_text(re.compile("password (is now|has been) changed", re.I))

    # They sign in. The link they followed came to their address, so that already confirmed it:
    # no second email, no "verify your email" step.
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

"""Academy staff find a learner by a misspelt name, then import a spreadsheet of referrals: a bad row
stops the import and is named, the fixed file goes in whole, and the new learners can be found. And
staff take an application on the phone from someone without an email address."""

from django.db import connection
from openpyxl import Workbook
from playwright.sync_api import expect

from learners.models import Learner
from tests.factories import (
    ApplicationSourceFactory,
    CohortFactory,
    LearnerFactory,
    LocalityFactory,
    UserFactory,
)
from tests.factories.academy import PASSWORD

from .conftest import axe_violations, describe, login, screenshot

HEADINGS = ["First name", "Last name", "Email", "Phone", "Date of birth", "Postcode", "Locality"]


def workbook(path, rows):
    book = Workbook()
    for row in [HEADINGS, *rows]:
        book.active.append(row)
    book.save(path)
    return path


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {describe(violations)}"


def search_from_navigation(page, text):
    nav_search = page.get_by_test_id("nav-search")
    nav_search.get_by_role("searchbox").fill(text)
    nav_search.get_by_role("button", name="Search").click()


def test_staff_find_a_learner_then_import_a_spreadsheet_fixing_its_bad_row(page, tmp_path):
    blackpool = LocalityFactory(name="Blackpool")
    staff = UserFactory(staff=True, email="sam.okafor@example.test", first_name="Sam", last_name="Okafor")
    staff.localities.add(blackpool)
    LearnerFactory(first_name="Aisha", last_name="Begum", locality=blackpool, email="aisha@example.test")

    login(page, staff.email, PASSWORD)
    page.wait_for_url("**/academy/")

    # A misspelt name still finds her (trigrams on PostgreSQL; elsewhere the parts of the name).
    search_from_navigation(page, "Aisha Begun" if connection.vendor == "postgresql" else "aish beg")
    expect(page.get_by_test_id("search-result").filter(has_text="Aisha Begum")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()

    # From the staff home to the learners import.
    page.get_by_test_id("panel-pipeline").get_by_role("link", name="Import from a spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from a spreadsheet")
    assert_accessible(page)
    page.get_by_test_id("upload-learners").click()
    expect(page.get_by_test_id("template-xlsx")).to_be_visible()

    rows = [
        ["Jordan", "Price", "jordan.price@example.test", "07123 456789", "14/07/1995", "FY1 4AB", "Blackpool"],
        ["Priya", "Shah", "priya.shah@example.test", "", "31/02/1990", "FY3 8LZ", "Blackpool"],
        ["Tom", "Wilde", "tom.wilde@example.test", "01253 477000", "02/11/1988", "FY4 1EU", ""],
    ]
    page.get_by_label("Spreadsheet").set_input_files(str(workbook(tmp_path / "referrals.xlsx", rows)))
    page.get_by_test_id("upload-submit").click()

    # The preview names the bad row and why; nothing is imported and there is nothing to confirm.
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_contain_text("Nothing has been imported")
    expect(problems).to_contain_text(
        "Row 3: date of birth ‘31/02/1990’ is not a date; use DD/MM/YYYY, for example 28/02/1990")
    expect(page.get_by_test_id("import-row")).to_have_count(3)
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "staff-import-preview-with-a-bad-row")
    assert not Learner.objects.filter(email="jordan.price@example.test").exists()

    # Fixed in the file and uploaded again: every row is ready, and confirming imports them all.
    rows[1][4] = "28/02/1990"
    page.get_by_test_id("upload-again").click()
    page.get_by_label("Spreadsheet").set_input_files(str(workbook(tmp_path / "referrals-fixed.xlsx", rows)))
    page.get_by_test_id("upload-submit").click()
    expect(page.get_by_test_id("import-ready")).to_contain_text("All 3 rows can be imported")
    assert_accessible(page)
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("3 learners imported")
    expect(page.get_by_role("status").filter(has_text="Imported 3 learners from referrals-fixed.xlsx")).to_be_visible()
    assert sorted(Learner.objects.filter(locality=blackpool).values_list("last_name", flat=True)) == [
        "Begum", "Price", "Shah", "Wilde"]

    # The new learners are found like any other.
    search_from_navigation(page, "Priya Shaw" if connection.vendor == "postgresql" else "priy sha")
    expect(page.get_by_test_id("search-result").filter(has_text="Priya Shah")).to_be_visible()


def test_staff_take_an_application_on_the_phone_from_someone_without_email(page):
    blackpool = LocalityFactory(name="Blackpool")
    staff = UserFactory(staff=True, email="sam.okafor@example.test", first_name="Sam", last_name="Okafor")
    staff.localities.add(blackpool)
    cohort = CohortFactory(locality=blackpool, name="Care Certificate, Blackpool")
    ApplicationSourceFactory(name="Friends or family")

    login(page, staff.email, PASSWORD)
    page.wait_for_url("**/academy/")
    page.get_by_role("link", name="Take an application (phone, drop-in, referral)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take an application")
    assert_accessible(page)

    form = page.get_by_test_id("application-take-form")
    form.get_by_label("By phone").check()
    form.get_by_label("How did they hear about the academy?").select_option(label="Friends or family")
    form.get_by_label("First name").fill("Dawn")
    form.get_by_label("Last name").fill("Hesketh")
    form.get_by_label("Date of birth (optional)").fill("1979-06-02")
    form.get_by_label("Phone (a phone or an email is needed)").fill("07123 456321")
    form.get_by_label("Postcode").fill("FY1 4AB")
    form.get_by_label("Locality").select_option(label="Blackpool")
    form.get_by_label("Course (cohort)").select_option(value=str(cohort.pk))
    form.get_by_label("Why they would like to work in care").fill(
        "I cared for my dad for five years and my friend says I would be good at it as a job.")
    form.get_by_test_id("submit-application-take").click()

    # She lands on her learner page, which shows the application was taken by phone, and by whom.
    dawn = Learner.objects.get(first_name="Dawn", last_name="Hesketh")
    page.wait_for_url(f"**/learners/{dawn.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dawn Hesketh")
    expect(page.get_by_role("status").filter(has_text="Application taken for Dawn Hesketh")).to_be_visible()
    route = page.get_by_test_id("application-route")
    expect(route).to_contain_text("By phone, taken by Sam Okafor")
    expect(route).to_contain_text("heard through Friends or family")
    assert_accessible(page)
    screenshot(page, "staff-phone-application-on-the-learner-page")
    assert dawn.email == "" and dawn.phone == "+447123456321" and dawn.user is None

"""Academy staff change the wording of a message in Chromium: the preview fills it with sample details as
they type, an unknown placeholder is refused by name with what they typed kept, and the fixed wording is
saved and used."""

from playwright.sync_api import expect

from notifications.models import MessageTemplate
from tests.factories import LocalityFactory, UserFactory
from tests.factories.academy import PASSWORD

from .conftest import axe_violations, describe, login


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {describe(violations)}"


def test_staff_change_a_messages_wording_with_a_live_preview_and_an_unknown_placeholder_refused(page):
    staff = UserFactory(staff=True, email="sam.okafor@example.test", first_name="Sam", last_name="Okafor")
    staff.localities.add(LocalityFactory(name="Blackpool"))
    template = MessageTemplate.objects.get(event="interview_booked", channel="email")

    login(page, staff.email, PASSWORD)
    page.wait_for_url("**/academy/")

    # From the staff home to the list of messages, then the interview email.
    page.get_by_test_id("message-templates-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages people receive")
    page.get_by_test_id("edit-template-interview_booked-email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview booked: email")
    preview = page.get_by_test_id("message-preview")
    expect(page.get_by_test_id("preview-body")).to_contain_text("Dear Amira")  # the sample learner

    # The preview follows the wording as it is typed, filled with the sample details.
    subject, body = page.get_by_label("Subject"), page.get_by_label("Body")
    subject.fill("See you on ((when)), ((first_name))")
    body.fill("Hello ((first_name)),\n\nWe look forward to meeting you at ((place)).")
    expect(page.get_by_test_id("preview-subject")).to_have_text("See you on Tuesday 3 February 2026 at 10:00, Amira")
    expect(page.get_by_test_id("preview-body")).to_contain_text(
        "We look forward to meeting you at Seaview Care Home, 1 Promenade, FY1 1AA.")
    expect(page.get_by_test_id("preview-error")).to_have_count(0)

    # A misspelt placeholder: the preview names it at once, and saving refuses it by name.
    typed = "Hello ((first_nmae)),\n\nWe look forward to meeting you at ((place))."
    body.fill(typed)
    expect(preview.get_by_test_id("preview-error")).to_contain_text("((first_nmae))")
    page.get_by_test_id("save-template").click()
    errors = page.get_by_test_id("form-errors")
    expect(errors).to_contain_text("This message cannot use ((first_nmae))")
    expect(errors).to_contain_text("((first_name))")  # the ones it may use are offered
    expect(page.get_by_label("Body")).to_have_value(typed)  # what was typed is kept
    expect(page.get_by_label("Subject")).to_have_value("See you on ((when)), ((first_name))")
    template.refresh_from_db()
    assert "((first_nmae))" not in template.body  # nothing was saved
    assert_accessible(page)

    # Fixed and saved: back on the list, and the next message uses the new wording.
    page.get_by_label("Body").fill("Hello ((first_name)),\n\nWe look forward to meeting you at ((place)).")
    expect(page.get_by_test_id("preview-error")).to_have_count(0)
    expect(page.get_by_test_id("preview-body")).to_contain_text("Hello Amira")
    page.get_by_test_id("save-template").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages people receive")
    expect(page.get_by_role("status")).to_contain_text("Saved the wording of “Interview booked (email)”.")
    template.refresh_from_db()
    assert template.subject == "See you on ((when)), ((first_name))"
    assert template.body == "Hello ((first_name)),\n\nWe look forward to meeting you at ((place))."
    assert template.updated_by == staff

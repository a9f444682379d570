"""Each kind of user signs in through the real form in Chromium and sees their own home page."""

import pytest
from django.core.management import call_command

from academy.models import User
from devtools.stories.academy import DEMO_EMAILS, DEMO_PASSWORD

from .conftest import axe_violations, describe, login, screenshot

HOME_HEADINGS = {
    User.Role.STAFF: ("/academy/", "Academy home"),
    User.Role.PROVIDER: ("/providers/", "Transitions Care Fylde"),
    User.Role.LEARNER: ("/learners/me/", "My progress"),
    User.Role.PARTNER: ("/impact/", "Impact"),
}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.parametrize("role", list(HOME_HEADINGS))
def test_each_demo_login_lands_on_its_accessible_home(page, demo, role):
    path, heading = HOME_HEADINGS[role]
    login(page, DEMO_EMAILS[role], DEMO_PASSWORD)
    page.wait_for_url(f"**{path}")
    assert heading in page.locator("h1").first.inner_text()
    screenshot(page, f"home-{role}")
    # The README's pictures: the first screenful at a laptop's size.
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, f"readme-home-{role}", full_page=False)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_public_home_page_is_accessible_and_reflows_at_320px(narrow_page, demo):
    narrow_page.goto("/")
    assert "career in care" in narrow_page.locator("h1").inner_text()
    scroll_width = narrow_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"page scrolls sideways at 320px ({scroll_width}px wide)"
    violations = axe_violations(narrow_page)
    assert violations == [], describe(violations)


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

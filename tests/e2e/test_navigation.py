"""The top navigation: one line at a laptop's 1280 px for every role, a tidy menu button on a phone."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import LearnerFactory, UserFactory

from .conftest import screenshot

ROLES = {
    "staff": lambda: UserFactory(staff=True),
    "provider": lambda: UserFactory(provider_user=True),
    "learner": lambda: LearnerFactory().user,
    "partner": lambda: UserFactory(partner=True),
    "visitor": lambda: None,
}

# Where each nav item sits: its top edge and its number of line boxes (2+ when its text wraps).
NAV_BOXES = """() => [...document.querySelectorAll('header .navbar-brand, header .navbar-nav > .nav-item')]
    .filter(el => el.offsetParent !== null)
    .map(el => { const link = el.querySelector('.nav-link') || el; const r = el.getBoundingClientRect();
                 return {text: el.innerText.trim(), top: Math.round(r.top), right: Math.round(r.right),
                         lines: link.getClientRects().length,
                         height: Math.round(link.getBoundingClientRect().height)}; })"""


def sign_in(page, live_server, user):
    """Signs the browser in as `user` (the sign-in form itself is covered by the journey tests)."""
    if user is None:
        return
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


@pytest.mark.parametrize("role", list(ROLES))
def test_the_navigation_fits_on_one_line_at_1280px(page, live_server, role):
    sign_in(page, live_server, ROLES[role]())
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/accounts/password/change/" if role != "visitor" else "/")
    assert page.locator(".navbar-toggler").is_hidden()
    boxes = page.evaluate(NAV_BOXES)
    assert len(boxes) >= 3, boxes
    tops = {b["top"] for b in boxes}
    assert max(tops) - min(tops) <= 8, f"the navigation wraps onto a second line: {boxes}"
    container_right = page.evaluate("document.querySelector('header .container').getBoundingClientRect().right")
    outside = [b["text"] for b in boxes if b["right"] > container_right]
    assert outside == [], f"these items stick out of the bar: {outside}"
    wrapped = [b["text"] for b in boxes if b["lines"] > 1 or b["height"] > 48]
    assert wrapped == [], f"these items wrap inside themselves: {wrapped}"
    screenshot(page, f"nav-1280-{role}", full_page=False)
    navbar_height = page.evaluate("document.querySelector('header .navbar').getBoundingClientRect().height")
    assert navbar_height <= 72, f"navbar is {navbar_height}px tall"


@pytest.mark.parametrize("role", ["staff", "learner"])
def test_on_a_phone_the_menu_folds_behind_a_button_that_opens_it(narrow_page, live_server, role):
    page = narrow_page
    sign_in(page, live_server, ROLES[role]())
    page.goto("/accounts/password/change/")
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert page.locator("#main-nav").is_hidden()
    toggler.click()
    # Bootstrap slides the menu open: wait until it has finished moving before pressing what is in it.
    page.wait_for_function("() => document.querySelector('#main-nav').classList.contains('show')"
                           " && !document.querySelector('#main-nav').classList.contains('collapsing')")
    page.get_by_role("button", name="Account").click()
    sign_out = page.get_by_role("button", name="Sign out")
    sign_out.wait_for(state="visible")
    sign_out.click()
    page.wait_for_load_state("domcontentloaded")
    assert page.get_by_role("link", name="Sign in").count() == 1  # signed out, from the phone's menu
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

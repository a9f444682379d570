"""Every page a signed-in person can reach by following links from their home, checked like the key pages.

Slow (about six minutes for the demo academy): it runs only when asked, with `E2E_CRAWL=1 scripts/test tests/e2e -k crawl`.
Each page is checked with axe-core at 1280px and at 320px, and must not scroll sideways at 320px.
"""

import os
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from academy.models import User
from devtools.stories.academy import DEMO_EMAILS, DEMO_PASSWORD

from .conftest import axe_violations, login, page_width_at

pytestmark = pytest.mark.skipif(not os.environ.get("E2E_CRAWL"), reason="set E2E_CRAWL=1 to crawl every page")

# Links not followed: they sign out, change something on GET-less pages, or answer with a file.
NOT_FOLLOWED = ("logout", ".csv", ".xlsx", ".pdf", "download", "/admin/", "/accounts/", "delete", "healthz", "/file")
PAGES_PER_ROLE = 45


def _problems(page):
    problems = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in axe_violations(page)]
    width = page_width_at(page, 320)
    if width > 320:
        problems.append(f"scrolls sideways at 320px ({width}px)")
    problems += [f"at 320px {v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in axe_violations(page)]
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


@pytest.mark.parametrize("role", [None, *User.Role.values])
def test_every_page_reachable_from_a_home_is_accessible(page, role):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if role:
        login(page, DEMO_EMAILS[role], DEMO_PASSWORD)
    queue, seen, found = [urlparse(page.url).path if role else "/"], set(), {}
    while queue and len(seen) < PAGES_PER_ROLE:
        address = queue.pop(0)
        seen.add(address)
        response = page.goto(address)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        if problems := _problems(page):
            found[address] = problems
        for href in page.eval_on_selector_all("main a[href], nav a[href]", "els => els.map(e => e.getAttribute('href'))"):
            link = urlparse(href)
            if link.netloc or not href.startswith("/") or any(part in href for part in NOT_FOLLOWED):
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            if target not in seen and target not in queue:
                queue.append(target)
    assert found == {}, f"{len(found)} of {len(seen)} pages: {found}"

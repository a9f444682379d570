"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

The browser is the system one (Debian's chromium package, installed by scripts/test), launched through
`executable_path`: Playwright's own browser downloads are never used, so the suite needs no network.
"""

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are
# ordinary synchronous calls, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots-latest"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        # Keeps what the browser showed when a journey failed: the page's address, HTML and a screenshot.
        for name in ("page", "narrow_page"):
            page = item.funcargs.get(name)
            if page is not None and not page.is_closed():
                failures = SCREENSHOTS / "failures"
                failures.mkdir(parents=True, exist_ok=True)
                stem = failures / item.name.replace("/", "_")
                page.screenshot(path=f"{stem}.png", full_page=True)
                stem.with_suffix(".html").write_text(f"<!-- {page.url} -->\n" + page.content())
                report.sections.append(("browser", f"failed at {page.url}; see {stem}.png and .html"))
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def lookups(transactional_db):
    """Puts back what the data migrations load (care settings, client groups, postcode districts, the
    "how did you hear" list, the wording of messages).

    A transactional test flushes every table when it ends, so the next one starts without them.
    """
    import importlib

    from django.apps import apps

    from placements.postcodes import load_postcode_districts
    from providers.models import CareSetting

    if not CareSetting.objects.exists():
        importlib.import_module("providers.migrations.0002_care_settings_and_client_groups").seed(apps, None)
    PostcodeDistrict = apps.get_model("placements", "PostcodeDistrict")
    if not PostcodeDistrict.objects.exists():
        load_postcode_districts(PostcodeDistrict)
    from learners.models import ApplicationSource
    from notifications.models import MessageTemplate

    if not ApplicationSource.objects.exists():
        importlib.import_module("learners.migrations.0011_application_sources_and_referrals").seed_sources(apps)
    if not MessageTemplate.objects.exists():
        for migration in ("0002_seed_message_templates", "0003_learner_cancelled_interview_messages"):
            importlib.import_module(f"notifications.migrations.{migration}").seed(apps, None)
    from tests.factories.equality import equality_role_group
    from tests.factories.reach import seed_priority_groups

    seed_priority_groups()
    equality_role_group()


@pytest.fixture(autouse=True)
def links_in_messages_lead_to_the_live_server(request, settings):
    """Messages carry absolute links (PORTAL_BASE_URL); in a browser journey they must open the test server."""
    if "live_server" in request.fixturenames:
        settings.PORTAL_BASE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def page(browser, live_server, transactional_db, lookups):
    # bypass_csp lets the test inject axe-core; the portal's own pages never need it.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def narrow_page(browser, live_server, transactional_db, lookups):
    """A phone-sized page: WCAG 1.4.10 reflow at 320 CSS pixels wide."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 320, "height": 640})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, *, exclude_rules=()):
    """Runs axe-core in the page and returns the WCAG 2.2 A/AA violations (an empty list when clean)."""
    page.add_script_tag(content=AXE_JS.read_text())
    result = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""", WCAG_TAGS
    )
    return [v for v in result["violations"] if v["id"] not in exclude_rules]


def page_width_at(page, width):
    """Resizes the page and returns how wide its content is once it has been laid out again.

    Charts redraw for a new width when their resize observer fires, which on a busy machine can take
    more than a frame or two: the width is read once it has stayed the same for ten frames (at most 3 s).
    """
    page.set_viewport_size({"width": width, "height": 640})
    return page.evaluate("""() => new Promise(done => {
        const started = performance.now();
        let last = -1, steady = 0;
        const look = () => {
            const now = document.documentElement.scrollWidth;
            steady = now === last ? steady + 1 : 0;
            last = now;
            if (steady >= 10 || performance.now() - started > 3000) done(now); else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
    })""")


def describe(violations):
    return json.dumps(
        [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]} for v in violations],
        indent=1,
    )


def screenshot(page, name, *, full_page=True):
    """Saves what the page shows into tests/e2e/screenshots-latest/ (not committed; the README's come from here)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def login(page, email, password):
    """Signs in through the real form, passing the TOTP step when the account has one."""
    from academy.models import User
    from tests.mfa_codes import current_totp_code

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("domcontentloaded")
    if "/accounts/2fa/authenticate" in page.url:
        page.locator("input[name=code]").fill(current_totp_code(User.objects.get(email=email)))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("domcontentloaded")

"""The key pages pass axe-core's WCAG 2.2 A and AA rules, reflow at 320px, and the application form works by keyboard."""

import pytest
from playwright.sync_api import expect

from learners.models import Application, Learner, Stage
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    LocalityFactory,
    ProgrammeFactory,
    ReferenceFactory,
    RingFenceFactory,
    UserFactory,
    VacancyFactory,
)
from tests.factories.academy import PASSWORD

from .conftest import axe_violations, describe, login, page_width_at, screenshot


@pytest.fixture
def academy(lookups):
    """A small academy with someone at each early stage, a provider with an open vacancy, and a partner."""
    blackpool = LocalityFactory(name="Blackpool")
    programme = ProgrammeFactory(name="Get into Care", slug="get-into-care")
    cohort = CohortFactory(programme=programme, locality=blackpool, name="Get into Care, Blackpool",
                           venue="Central Library")
    staff = UserFactory(staff=True, email="e2e-staff@example.test")
    staff.localities.add(blackpool)
    application = ApplicationFactory(cohort=cohort, stage=Stage.ENROLLED, learner__locality=blackpool,
                                     learner__user__email="e2e-learner@example.test")
    learner = application.learner
    for stage in (Stage.APPLIED, Stage.ACCEPTED, Stage.ENROLLED):
        ApplicationFactory(cohort=cohort, stage=stage, learner__locality=blackpool)
    provider_user = UserFactory(provider_user=True, email="e2e-provider@example.test",
                                provider__name="Fylde Coast Care", provider__locality=blackpool)
    vacancy = VacancyFactory(site__provider=provider_user.provider, role_title="Care assistant (days)")
    RingFenceFactory(vacancy=vacancy, cohort=cohort, places=2)
    partner = UserFactory(partner=True, email="e2e-partner@example.test")
    reference = ReferenceFactory(learner=learner, referee_name="Ann Hughes")
    return {"cohort": cohort, "vacancy": vacancy, "staff": staff, "learner": learner, "application": application,
            "provider": provider_user,
            "partner": partner, "reference": reference}


def _show_my_details_errors(page):
    page.get_by_label("Postcode").fill("FY1")
    page.get_by_test_id("save-my-details").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()


def _show_resilience_check_errors(page):
    # Answer one statement and send: the other five are marked, the chosen answer stays.
    page.get_by_role("group", name="1. When something goes wrong").get_by_label("4 – Agree").check()
    page.get_by_test_id("save-survey").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()


def _show_application_errors(page):
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()


# (name, who signs in, the page's address, what to do on the page before checking it)
KEY_PAGES = [
    ("home", None, lambda a: "/", None),
    ("programme-list", None, lambda a: "/courses/", None),
    ("application-form-with-errors", None, lambda a: f"/learners/apply/{a['cohort'].pk}/", _show_application_errors),
    ("vacancy-guide", None, lambda a: "/vacancies/", None),
    # and a few more that every newcomer passes through
    ("programme-detail", None, lambda a: "/courses/get-into-care/", None),
    ("vacancy-detail", None, lambda a: f"/vacancies/{a['vacancy'].pk}/", None),
    ("sign-in", None, lambda a: "/accounts/login/", None),
    ("learner-home", "learner", lambda a: "/learners/me/", None),
    ("my-details-with-errors", "learner", lambda a: "/learners/me/details/", _show_my_details_errors),
    ("resilience-check", "learner", lambda a: f"/impact/surveys/{a['application'].pk}/resilience/start/", None),
    ("resilience-check-with-errors", "learner",
     lambda a: f"/impact/surveys/{a['application'].pk}/resilience/start/", _show_resilience_check_errors),
    ("record-remove", "staff", lambda a: f"/learners/records/reference/{a['reference'].pk}/remove/", None),
    ("staff-home", "staff", lambda a: "/academy/", None),
    ("work-queue-list", "staff", lambda a: "/academy/queue/screening/", None),
    ("learner-search", "staff", lambda a: f"/academy/search/?q={a['application'].learner.first_name}", None),
    ("cohort-board", "staff", lambda a: f"/learners/cohorts/{a['cohort'].pk}/board/", None),
    ("provider-home", "provider", lambda a: "/providers/", None),
    ("dashboard", "partner", lambda a: "/impact/", None),
    # who the academy reaches: the optional questions, outcomes by group, the participant export
    ("equality-why-we-ask", None, lambda a: "/equality/why-we-ask/", None),
    ("equality-questions", "learner", lambda a: "/equality/me/", None),
    ("priority-groups", "learner", lambda a: "/reach/me/groups/", None),
    ("outcomes-by-group", "partner", lambda a: "/reach/outcomes/", None),
    ("participant-export", "staff", lambda a: "/reach/participants/", None),
    ("adjustments", "staff", lambda a: "/equality/adjustments/", None),
]


def _sign_in(page, academy, who):
    user = academy[who].user if who == "learner" else academy[who]
    login(page, user.email, PASSWORD)
    assert "/accounts/" not in page.url, f"{who} could not sign in: {page.url}"


@pytest.mark.parametrize(("name", "who", "address", "action"), KEY_PAGES, ids=[p[0] for p in KEY_PAGES])
def test_key_page_has_no_wcag_violations_and_reflows_at_320px(page, academy, name, who, address, action):
    if who:
        _sign_in(page, academy, who)
    response = page.goto(address(academy))
    assert response.status == 200, f"{address(academy)} answered {response.status}"
    if action:
        action(page)
    expect(page.locator("h1").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # WCAG 1.4.10: at 320 CSS pixels nothing needs scrolling sideways (tables may scroll inside themselves).
    scroll_width = page_width_at(page, 320)
    assert scroll_width <= 320, f"{name} scrolls sideways at 320px ({scroll_width}px wide)"
    # A table that now scrolls inside itself must be reachable by keyboard, and so on: axe again, narrow.
    violations = axe_violations(page)
    assert violations == [], f"at 320px: {describe(violations)}"
    screenshot(page, f"narrow-{name}")


def test_the_application_form_can_be_completed_with_the_keyboard_alone(page, academy):
    cohort = academy["cohort"]
    page.goto(f"/learners/apply/{cohort.pk}/")
    keyboard = page.keyboard

    def tab_to(label):
        """Presses Tab until the field labelled `label` has the focus (as a keyboard user would)."""
        target = page.get_by_label(label).first  # not exact: required fields' labels end in "*"
        for _ in range(80):
            keyboard.press("Tab")
            if target.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached “{label}”")

    tab_to("First name")
    keyboard.type("Kofi")
    tab_to("Last name")
    keyboard.type("Mensah")
    tab_to("Email address")
    keyboard.type("kofi.mensah@example.test")
    tab_to("Postcode")
    keyboard.type("FY1 4AB")
    tab_to("Unemployed")
    keyboard.press("Space")
    tab_to("Home care (domiciliary)")
    keyboard.press("Space")
    tab_to("I cannot work weekends")
    keyboard.press("Space")
    tab_to("Why would you like to work in care?")
    keyboard.type("My neighbour's carers changed her life and I want to do that for someone.")
    # The button is reached with Tab too; a focus ring must show where the keyboard is.
    button = page.get_by_test_id("submit-application")
    for _ in range(10):
        keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the submit button")
    assert button.evaluate("el => getComputedStyle(el).boxShadow !== 'none' || getComputedStyle(el).outlineStyle !== 'none'")
    keyboard.press("Enter")

    expect(page.get_by_test_id("application-received")).to_be_visible()
    learner = Learner.objects.get(email="kofi.mensah@example.test")
    assert (learner.last_name, learner.situation, learner.cannot_work_weekends) == ("Mensah", "unemployed", True)
    assert list(learner.preferred_settings.values_list("code", flat=True)) == ["domiciliary"]
    assert Application.objects.get(learner=learner).cohort == cohort

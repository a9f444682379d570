"""A partner (a council) opens the impact dashboard, filters it to one locality and downloads the CSV,
which holds figures only: no names, emails or postcodes."""

import csv
import io

from django.utils import timezone
from playwright.sync_api import expect

from academy.models import AuditEvent
from learners.models import Learner, Stage
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    LocalityFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.factories.academy import PASSWORD

from .conftest import axe_violations, describe, login


def test_a_partner_filters_the_dashboard_and_downloads_figures_without_personal_data(page):
    blackpool, wigan = LocalityFactory(name="Blackpool"), LocalityFactory(name="Wigan")
    programme = ProgrammeFactory(name="Get into Care")
    for locality, people in ((blackpool, 7), (wigan, 6)):
        cohort = CohortFactory(programme=programme, locality=locality, name=f"Get into Care, {locality.name}")
        for i in range(people):
            ApplicationFactory(cohort=cohort, stage=Stage.ENROLLED if i % 2 else Stage.APPLIED,
                               learner__locality=locality, learner__postcode="FY1 4AB" if locality == blackpool else "WN1 1AA")
    partner = UserFactory(partner=True, email="priya.shah@example.test", partner_organisation__name="Blackpool Council")

    login(page, partner.email, PASSWORD)
    page.wait_for_url("**/impact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Impact dashboard")
    expect(page.get_by_test_id("suppression-note")).to_be_visible()
    applications = page.get_by_test_id("row-funnel-applications")
    expect(applications).to_contain_text("15")  # 13 applications, rounded to the nearest 5 for a partner
    # Partners never get the filters that would single out small groups.
    filters = page.get_by_test_id("impact-filters")
    expect(filters.get_by_label("Cohort")).to_have_count(0)
    expect(filters.get_by_label("Provider")).to_have_count(0)
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Filtered to Blackpool: 7 applications (shown rounded, as 5), 3 of them enrolled (fewer than 5).
    filters.get_by_label("Locality").select_option(label="Blackpool")
    filters.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**/impact/?*locality=*")
    expect(filters.get_by_label("Locality")).to_have_value(str(blackpool.pk))
    expect(applications).not_to_contain_text("7")
    expect(applications).to_contain_text("5")
    expect(page.get_by_test_id("row-funnel-enrolled")).to_contain_text("fewer than 5")

    with page.expect_download() as download_info:
        page.get_by_test_id("csv-all").click()
    download = download_info.value
    assert download.suggested_filename.startswith("impact-dashboard-")
    text = open(download.path(), encoding="utf-8").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Care Academy impact figures", "small numbers protected (1 to 4 shown as fewer than 5, other counts rounded to 5)"]
    assert ["Applications", "5"] in rows
    assert ["Enrolled", "fewer than 5"] in rows
    for learner in Learner.objects.all():
        for personal in (learner.first_name, learner.last_name, learner.email, learner.postcode):
            assert personal not in text, f"the CSV holds personal data: {personal}"
    assert "@" not in text

    # Partners are never given the learners behind a figure.
    assert page.get_by_test_id("table-funnel").get_by_role("link").count() == 0
    assert not AuditEvent.objects.filter(action="impact.drilldown_viewed").exists()
    assert timezone.localdate().strftime("%Y%m%d") in download.suggested_filename

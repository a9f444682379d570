"""The outcome figures as the academies define them, through the services, read where partners read them.

Fylde Coast: "110 completed and 75 were offered employment, 68%". Leeds: "80% into jobs" (over completers).
Every rate names its numerator and denominator, and none can pass 100%.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import CourseOutcome
from courses.outcomes import course_outcome_record
from impact.selectors.figures import ImpactFilters, impact_figures
from impact.tables import impact_tables
from learners.models import Stage
from placements.models import HowFound
from placements.outcomes import outside_offer_record, outside_start_record
from tests.factories import (
    CohortFactory,
    EnquiryFactory,
    LearnerFactory,
    LocalityFactory,
    ProgrammeFactory,
)
from tests.factories.impact import application_at

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DASHBOARD = reverse("impact:dashboard")
CSV = reverse("impact:dashboard_csv")


def enrolled_on(cohort, n):
    at = timezone.now() - datetime.timedelta(days=120)
    return [application_at(Stage.ENROLLED, cohort=cohort, learner=LearnerFactory(locality=cohort.locality),
                           at=at, days_per_step=1) for _ in range(n)]


@pytest.fixture
def fylde(staff):
    """Fylde Coast: 120 enrolled, 110 completed, 75 of the completers offered a job (some before completing,
    some outside the portal), 60 of them started; 10 did not complete, 2 of whom were offered a job anyway."""
    locality = LocalityFactory(name="Fylde Coast")
    programme = ProgrammeFactory(name="Fylde Coast care academy", slug="fylde")
    cohort = CohortFactory(programme=programme, locality=locality, start_date=TODAY() - datetime.timedelta(days=60),
                           end_date=TODAY() - datetime.timedelta(days=18))
    applications = enrolled_on(cohort, 120)
    completers, others = applications[:110], applications[110:]
    offered_on = TODAY() - datetime.timedelta(days=20)
    for i, application in enumerate(completers[:75]):
        if i < 60:
            outside_start_record(application=application, by=staff, offered_on=offered_on,
                                 started_on=offered_on + datetime.timedelta(days=3), role="Care assistant",
                                 how_found=HowFound.ACADEMY_VACANCY, employer_name=f"Care home {i}")
        else:  # offered before the course ended: the completion is still counted beside the offer
            outside_offer_record(application=application, by=staff, offered_on=offered_on, role="Carer",
                                 how_found=HowFound.EVENT, employer_name="Sandcastle Homecare")
    for application in completers:
        course_outcome_record(application=application, by=staff, result=CourseOutcome.Result.COMPLETED,
                              on=cohort.end_date)
    for application in others:
        course_outcome_record(application=application, by=staff, result=CourseOutcome.Result.NOT_COMPLETED,
                              reason=CourseOutcome.Reason.FOUND_WORK, on=cohort.end_date - datetime.timedelta(days=7))
    for application in others[:2]:
        outside_offer_record(application=application, by=staff, offered_on=offered_on, role="Carer",
                             how_found=HowFound.OWN_SEARCH, employer_name="Elsewhere")
    return {"locality": locality, "programme": programme, "cohort": cohort}


def row(table, key):
    return next(r for r in table.rows if r.key == key)


def test_the_fylde_figure_comes_out_of_the_services(fylde):
    tables = impact_tables(impact_figures(filters=ImpactFilters(programme_id=fylde["programme"].pk)), suppress=False)
    assert row(tables.outcomes, "completers").cells[1].display == "110"
    offered = [c.display for c in row(tables.outcomes, "completers_offered").cells]
    assert offered[1:] == ["75", "110", "Completers offered a job", "Completers (completed the course)"]
    assert offered[0] == "68.2%"  # staff see one decimal place; partners the whole percentage, 68%
    assert [c.display for c in row(tables.outcomes, "completers_into_jobs").cells][1:3] == ["60", "110"]
    assert [c.display for c in row(tables.outcomes, "starts_over_enrolments").cells][1:3] == ["60", "120"]


def test_the_partner_reads_the_fylde_figure_on_the_page_and_in_the_csv(fylde, partner, client_for):
    client = client_for(partner)
    query = {"programme": fylde["programme"].pk, "locality": fylde["locality"].pk}
    page = client.get(DASHBOARD, query)
    html = page.content.decode()
    start = html.index('data-testid="row-outcomes-completers_offered"')
    offered_row = html[start:html.index("</tr>", start)]
    assert ">68%<" in offered_row
    assert ">75<" in offered_row and ">110<" in offered_row
    assert "Completers offered a job" in offered_row and "Completers (completed the course)" in offered_row

    body = client.get(CSV, query).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    offered = next(r for r in rows if r and r[0] == "Completers offered a job")
    assert offered[1] == "68%"
    assert offered[2:] == ["75", "110", "Completers offered a job", "Completers (completed the course)"]
    # The CSV states what it covers: the period and every filter.
    cover = {r[0]: r[1] for r in rows[2:8] if len(r) == 2}
    assert cover["Programme"] == "Fylde Coast care academy" and cover["Locality"] == "Fylde Coast"
    assert cover["Period"].startswith("all time")


def test_the_csv_and_page_name_the_period_chosen(fylde, staff, client_for):
    client = client_for(staff)
    month = f"{TODAY():%Y-%m}"
    body = client.get(CSV, {"from_month": month, "to_month": month}).content.decode()
    assert f"Period,\"1 {TODAY():%B %Y} to" in body
    assert "Cohort,all cohorts" in body and "Provider,all providers" in body
    html = client.get(DASHBOARD, {"from_month": month, "to_month": month}).content.decode()
    assert 'data-testid="impact-coverage"' in html and f"1 {TODAY():%B %Y} to" in html


def test_an_application_without_an_enquiry_is_not_a_converted_enquiry(locality, staff):
    cohort = CohortFactory(locality=locality, start_date=TODAY() - datetime.timedelta(days=30))
    applications = enrolled_on(cohort, 8)
    EnquiryFactory(locality=locality, learner=applications[0].learner)
    EnquiryFactory(locality=locality)
    tables = impact_tables(impact_figures(filters=ImpactFilters()), suppress=False)
    converted = [c.display for c in row(tables.conversions, "enquiries_converted_of_enquiries").cells]
    assert converted[:3] == ["50%", "1", "2"]
    assert converted[3:] == ["Enquiries whose person went on to apply", "Enquiries made in the period"]


def test_no_rate_passes_100_percent_and_each_names_its_numerator_and_denominator(fylde, locality):
    # Enquiries far fewer than applications: the old "applications over enquiries" read 487.5% on such data.
    EnquiryFactory(locality=fylde["locality"])
    for audience in (False, True):
        tables = impact_tables(impact_figures(filters=ImpactFilters()), suppress=audience)
        for table in (tables.conversions, tables.outcomes):
            for r in table.rows:
                rate = r.cells[0]
                if rate.value is not None and str(rate.display).endswith("%"):
                    assert 0 <= rate.value <= 100, (table.key, r.key, rate.display)
                    assert r.cells[3].display and r.cells[4].display, (table.key, r.key)

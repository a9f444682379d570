"""Cost per learner and per job start count bursaries and support, with who paid (staff exact, partners
suppressed), on the dashboard, its CSV and in the figures. Hand-computed on the academy in conftest.py:
8 job starts, 10 enrolled."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import Payer
from impact.selectors.figures import ImpactFilters, impact_figures
from impact.services.support import support_spend_record
from impact.tables import impact_tables
from tests.factories import BursaryPaymentFactory, ProviderFactory

PAID_ON = datetime.date(2026, 3, 10)


def _tables(suppress):
    return impact_tables(impact_figures(filters=ImpactFilters()), suppress=suppress)


def cell(table, row_key, column=0):
    return next(r for r in table.rows if r.key == row_key).cells[column]


@pytest.fixture
def spending(academy):
    started = academy["started"]
    for application in started[:5]:  # £100 of travel, paid by the academy
        support_spend_record(application=application, category="travel", amount=Decimal("20.00"), spent_on=PAID_ON)
    support_spend_record(application=started[0], category="childcare", amount=Decimal("60.00"), spent_on=PAID_ON,
                         paid_by=Payer.JOBCENTRE_PLUS)
    BursaryPaymentFactory(application=started[0], amount=Decimal("100.00"), paid_on=PAID_ON, paid_by=Payer.ACADEMY)
    BursaryPaymentFactory(application=started[1], amount=Decimal("100.00"), paid_on=PAID_ON,
                          paid_by=Payer.JOBCENTRE_PLUS)
    BursaryPaymentFactory(application=started[5], amount=Decimal("100.00"), paid_on=PAID_ON, paid_by=Payer.EMPLOYER,
                          employer=ProviderFactory())
    return academy


def test_support_is_recorded_with_who_paid_and_the_academy_by_default(academy):
    spend = support_spend_record(application=academy["started"][0], category="lunch", amount=Decimal("4"),
                                 spent_on=PAID_ON)
    assert spend.paid_by == Payer.ACADEMY


def test_costs_count_support_and_bursaries(spending):
    costs = _tables(suppress=False).support
    assert cell(costs, "total").display == "£160.00"  # support alone
    assert cell(costs, "bursaries").display == "£300.00"
    assert cell(costs, "cost_total").display == "£460.00"
    assert cell(costs, "cost_total", 1).display == "6"  # 5 supported, one more paid a bursary only
    assert cell(costs, "per_learner").display == "£76.67"  # 460 / 6 learners supported or paid
    assert cell(costs, "per_job_start").display == "£57.50"  # 460 / 8 job starts
    assert cell(costs, "per_enrolled").display == "£46.00"  # 460 / 10 enrolled


def test_costs_are_broken_down_by_who_paid(spending):
    costs = _tables(suppress=False).support
    assert cell(costs, "paid_by_academy").display == "£200.00"  # £100 travel + £100 bursary
    assert cell(costs, "paid_by_jobcentre_plus").display == "£160.00"  # £60 childcare + £100 bursary
    assert cell(costs, "paid_by_employer").display == "£100.00"


def test_partners_see_cost_figures_only_over_enough_people(spending):
    costs = _tables(suppress=True).support
    assert cell(costs, "per_learner").suppressed  # 6 people: fewer than 10
    assert cell(costs, "paid_by_employer").suppressed
    assert not cell(costs, "per_enrolled").suppressed  # 10 enrolled
    assert cell(costs, "per_enrolled").display == "£46.00"


def test_the_staff_csv_has_the_costs_and_who_paid(spending, staff, client_for):
    body = client_for(staff).get(reverse("impact:dashboard_csv")).content.decode()
    assert "Bursaries paid,£300.00" in body
    assert "Per job start,£57.50" in body
    assert "Paid by Jobcentre Plus,£160.00" in body


def test_the_partner_dashboard_hides_small_cost_figures(spending, partner, client_for):
    html = client_for(partner).get(reverse("impact:dashboard")).content.decode()
    assert "Bursaries paid" in html
    assert "£76.67" not in html


@pytest.fixture
def one_employer_payment(academy, small_other_locality):
    """Twelve learners paid by the academy (travel and a bursary); one paid by an employer, one given childcare
    by Jobcentre Plus: enough learners in total, too few behind those two payers and that category."""
    twelve = academy["started"] + academy["not_started"] + academy["referred"]
    for application in twelve:
        support_spend_record(application=application, category="travel", amount=Decimal("10.00"), spent_on=PAID_ON)
        BursaryPaymentFactory(application=application, amount=Decimal("50.00"), paid_on=PAID_ON)
    BursaryPaymentFactory(application=small_other_locality[0], amount=Decimal("75.00"), paid_on=PAID_ON,
                          paid_by=Payer.EMPLOYER, employer=ProviderFactory())
    support_spend_record(application=small_other_locality[1], category="childcare", amount=Decimal("35.00"),
                         spent_on=PAID_ON, paid_by=Payer.JOBCENTRE_PLUS)
    return academy


def test_partners_see_a_payers_amount_only_when_ten_learners_make_it_up(one_employer_payment):
    costs = _tables(suppress=True).support
    assert cell(costs, "cost_total").display == "£830.00"  # 14 learners reached: the total is shown
    assert cell(costs, "paid_by_employer").suppressed  # one learner's bursary
    assert cell(costs, "paid_by_employer").display == "suppressed"
    assert cell(costs, "paid_by_jobcentre_plus").suppressed
    assert not cell(costs, "paid_by_academy").suppressed  # 12 learners
    assert cell(costs, "paid_by_academy").display == "£720.00"
    assert cell(costs, "paid_by_academy", 1).display == "10"  # 12 learners, rounded


def test_partners_see_a_support_category_only_when_ten_learners_make_it_up(one_employer_payment):
    costs = _tables(suppress=True).support
    assert cell(costs, "category_childcare").suppressed  # one learner's childcare
    # Support spent (£155) less travel would give childcare back, so travel is hidden with it.
    assert not cell(costs, "total").suppressed
    assert cell(costs, "category_travel").suppressed
    assert cell(costs, "category_lunch").display == "–"  # nothing spent on lunch


def test_a_lone_hidden_payer_takes_another_with_it(academy, small_other_locality):
    """Total less the shown payers must not give one hidden payer's amount back."""
    for application in academy["started"] + academy["not_started"]:
        BursaryPaymentFactory(application=application, amount=Decimal("50.00"), paid_on=PAID_ON)
    BursaryPaymentFactory(application=small_other_locality[0], amount=Decimal("75.00"), paid_on=PAID_ON,
                          paid_by=Payer.EMPLOYER, employer=ProviderFactory())
    costs = _tables(suppress=True).support
    assert not cell(costs, "cost_total").suppressed  # 11 learners
    assert cell(costs, "paid_by_employer").suppressed
    assert cell(costs, "paid_by_academy").suppressed  # else £575 − £500 = the employer's £75
    assert cell(costs, "paid_by_jobcentre_plus").display == "–"  # paid nothing, nothing to hide


def test_staff_see_every_payer_and_category_exactly(one_employer_payment):
    costs = _tables(suppress=False).support
    assert cell(costs, "paid_by_employer").display == "£75.00"
    assert cell(costs, "paid_by_employer", 1).display == "1"
    assert cell(costs, "paid_by_jobcentre_plus").display == "£35.00"
    assert cell(costs, "paid_by_academy").display == "£720.00"
    assert cell(costs, "category_childcare").display == "£35.00"
    assert cell(costs, "category_childcare", 1).display == "1"
    assert cell(costs, "category_travel").display == "£120.00"


def test_the_partner_page_and_csv_hide_one_employers_bursary(one_employer_payment, partner, client_for):
    client = client_for(partner)
    html = client.get(reverse("impact:dashboard")).content.decode()
    body = client.get(reverse("impact:dashboard_csv")).content.decode()
    for text in (html, body):
        assert "£75.00" not in text
        assert "£35.00" not in text
    assert "Paid by an employer,suppressed" in body
    assert "unless 10 or more learners received it" in html  # the note says why
    assert "Paid by the academy,£720.00" in body


def test_the_staff_csv_shows_one_employers_bursary(one_employer_payment, staff, client_for):
    body = client_for(staff).get(reverse("impact:dashboard_csv")).content.decode()
    assert "Paid by an employer,£75.00,1" in body
    assert "Support: childcare,£35.00,1" in body


def test_the_printed_report_hides_one_employers_bursary(one_employer_payment, partner):
    from django.template.loader import render_to_string

    from impact.models import ImpactReport

    report = ImpactReport.objects.create(requested_by=partner, period_start=datetime.date(2026, 1, 1),
                                         period_end=datetime.date(2026, 12, 31))
    tables = _tables(suppress=True)
    html = render_to_string("impact/report_pdf.html", {"report": report, "tables": tables})
    assert "Paid by the academy" in html and "£720.00" in html
    assert "£75.00" not in html and "£35.00" not in html

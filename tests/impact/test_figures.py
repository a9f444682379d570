"""Every dashboard figure on the hand-computed academy in conftest.py (staff view: unsuppressed)."""

import datetime
from decimal import Decimal

import pytest

from impact.models import WellbeingSurvey
from impact.selectors.figures import ImpactFilters, impact_figures
from impact.services.support import support_spend_record
from impact.services.surveys import (
    learner_satisfaction_give,
    provider_satisfaction_give,
    resilience_check_record,
)
from impact.tables import impact_tables
from tests.factories import LocalityFactory, ProviderFactory
from tests.factories.impact import follow_up_given


def staff_tables(filters=None):
    return impact_tables(impact_figures(filters=filters or ImpactFilters()), suppress=False)


def cell(table, row_key, column=0):
    row = next(r for r in table.rows if r.key == row_key)
    return row.cells[column]


def test_funnel_counts_every_step_reached(academy):
    funnel = staff_tables().funnel
    expected = {"applications": 15, "screened": 14, "accepted": 11, "referred": 2, "came_back": 1,
                "enrolled": 10, "completed": 10, "placed": 10, "interviewed": 10, "offered": 8, "started_work": 8}
    assert {key: cell(funnel, key).value for key in expected} == expected


def test_ten_completers_with_eight_into_jobs_shows_80_percent(academy):
    into_jobs = next(r for r in staff_tables().outcomes.rows if r.key == "completers_into_jobs")
    assert [c.display for c in into_jobs.cells] == ["80%", "8", "10", "Completers who started work",
                                                    "Completers (completed the course)"]


def test_conversion_rates_show_the_numbers_behind_them(academy):
    conversions = staff_tables().conversions
    offered_started = next(r for r in conversions.rows if r.key == "offered_and_started_of_offered")
    assert [c.display for c in offered_started.cells[:3]] == ["100%", "8", "8"]
    came_back = next(r for r in conversions.rows if r.key == "came_back_of_referred")
    assert [c.display for c in came_back.cells[:3]] == ["50%", "1", "2"]
    interviewed_offered = next(r for r in conversions.rows if r.key == "interviewed_and_offered_of_interviewed")
    assert [c.display for c in interviewed_offered.cells[:3]] == ["80%", "8", "10"]


def test_median_days_between_stages(academy):
    durations = staff_tables().durations
    # Offer to start: 10, 12, ..., 24 days -> median (16 + 18) / 2 = 17.
    assert cell(durations, "offered_to_started").value == pytest.approx(17.0)
    assert cell(durations, "offered_to_started", 1).value == 8
    # Application to enrolment: 2 + 3 days for all ten who enrolled.
    assert cell(durations, "applied_to_enrolled").value == pytest.approx(5.0)
    # Application to a screening decision: 2 days for 11 accepted, 5 for 2 referred, 4 for 1 not progressed.
    assert cell(durations, "applied_to_screened").value == pytest.approx(2.0)
    assert cell(durations, "applied_to_screened", 1).value == 14


def test_guaranteed_interviews_honoured_counts_completers_interviewed(academy):
    row = next(r for r in staff_tables().outcomes.rows if r.key == "guaranteed_interviews")
    assert [c.display for c in row.cells[:3]] == ["100%", "10", "10"]


def test_retention_at_3_6_and_12_months_is_of_those_followed_up(academy):
    starters = academy["started"]
    for application in starters[:6]:
        follow_up_given(application, month=3, in_work=True, same_employer=True)
    follow_up_given(starters[6], month=3, in_work=False, same_employer=False)
    for application in starters[:5]:
        follow_up_given(application, month=6, in_work=True, same_employer=False)
    retention = staff_tables().retention
    three = next(r for r in retention.rows if r.key == "month_3")
    assert [c.display for c in three.cells] == ["6", "6", "7", "85.7%", "85.7%"]
    six = next(r for r in retention.rows if r.key == "month_6")
    assert [c.display for c in six.cells] == ["5", "0", "5", "100%", "0%"]
    twelve = next(r for r in retention.rows if r.key == "month_12")
    assert twelve.cells[2].display == "0" and twelve.cells[3].display == "–"


def test_support_spent_per_learner_and_per_job_start(academy):
    for application in academy["started"][:5]:
        support_spend_record(application=application, category="travel", amount=Decimal("20.00"),
                             spent_on=datetime.date(2026, 3, 10))
    support_spend_record(application=academy["started"][0], category="childcare", amount=Decimal("60.00"),
                         spent_on=datetime.date(2026, 3, 10))
    support = staff_tables().support
    assert cell(support, "total").display == "£160.00"
    assert cell(support, "per_learner").display == "£32.00"  # 160 / 5 learners supported
    assert cell(support, "per_job_start").display == "£20.00"  # 160 / 8 job starts
    assert cell(support, "category_childcare").display == "£60.00"


def test_wellbeing_change_from_start_to_end(academy):
    for application in academy["started"][:5]:
        resilience_check_record(application=application, moment=WellbeingSurvey.Moment.START, by=None,
                                taken_on=datetime.date(2026, 3, 9), answers=[3, 3, 3, 3, 3, 3])  # score 18
        resilience_check_record(application=application, moment=WellbeingSurvey.Moment.END, by=None,
                                taken_on=datetime.date(2026, 4, 9), answers=[4, 2, 4, 2, 4, 2])  # score 24
    # A start-only check is not a pair and does not count.
    resilience_check_record(application=academy["started"][6], moment=WellbeingSurvey.Moment.START, by=None,
                            taken_on=datetime.date(2026, 3, 9), answers=[1, 5, 1, 5, 1, 5])
    wellbeing = staff_tables().wellbeing
    assert cell(wellbeing, "average_start").value == pytest.approx(18)
    assert cell(wellbeing, "average_end").value == pytest.approx(24)
    assert cell(wellbeing, "change").display == "+6.0"
    assert cell(wellbeing, "change_percent").display == "+33%"
    assert cell(wellbeing, "improved").display == "100%"


def test_satisfaction_of_learners_and_providers(academy):
    for score, application in zip([5, 4, 4, 3, 4], academy["started"], strict=False):
        learner_satisfaction_give(application=application, score=score, by=None)
    for score in [5, 5, 4, 4, 5]:
        provider_satisfaction_give(provider=ProviderFactory(), score=score, by=None)
    satisfaction = staff_tables().satisfaction
    assert [c.display for c in next(r for r in satisfaction.rows if r.key == "learner").cells] == ["4.0 / 5", "5"]
    assert [c.display for c in next(r for r in satisfaction.rows if r.key == "provider").cells] == ["4.6 / 5", "5"]


def test_locality_filter_keeps_only_that_localitys_cohorts(academy, small_other_locality):
    wigan = small_other_locality[0].cohort.locality
    assert cell(staff_tables().funnel, "applications").value == 18
    assert cell(staff_tables(ImpactFilters(locality_id=wigan.pk)).funnel, "applications").value == 3
    assert cell(staff_tables(ImpactFilters(locality_id=academy["locality"].pk)).funnel, "started_work").value == 8


def test_programme_filter_and_breakdown_by_programme(academy, small_other_locality):
    tables = staff_tables(ImpactFilters(programme_id=academy["programme"].pk))
    assert cell(tables.funnel, "applications").value == 15
    by_programme = {r.label: r for r in staff_tables().by_programme.rows}
    assert by_programme["Talent for Care"].cells[0].value == 15
    assert by_programme["Total"].cells[0].value == 18


def test_period_filter_follows_applications_made_in_it(academy):
    march = ImpactFilters(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
    april = ImpactFilters(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 4, 30))
    assert cell(staff_tables(march).funnel, "applications").value == 14
    assert cell(staff_tables(march).funnel, "started_work").value == 8  # followed up to work, whenever
    assert cell(staff_tables(april).funnel, "applications").value == 1  # the re-application


def test_trend_counts_events_in_each_month(academy):
    trend = {r.label: r for r in staff_tables().trend.rows}
    assert trend["Mar 2026"].cells[0].value == 14  # applications in March
    assert trend["Mar 2026"].cells[1].value == 10  # enrolments in March
    assert trend["Apr 2026"].cells[2].value == 10  # completions in April (day 40)
    starts = sum(r.cells[3].value for r in trend.values())
    assert starts == 8


def test_breakdown_by_locality_has_a_row_per_locality_and_a_total(academy, small_other_locality):
    LocalityFactory(name="Fylde")  # no applications: no row
    rows = {r.label: r for r in staff_tables().by_locality.rows}
    assert set(rows) == {"Blackpool", "Wigan", "Total"}
    assert rows["Wigan"].cells[-1].display == "100%"  # started work per application
    assert rows["Total"].cells[-2].value == 11  # 8 + 3 started work


def test_each_breakdown_ignores_its_own_filter_and_keeps_the_other(academy, small_other_locality):
    """By locality lists every locality within the chosen programme; by programme every programme within the
    chosen locality (both come from one grouped query)."""
    from learners.models import Stage
    from tests.factories import CohortFactory
    from tests.factories.impact import application_at

    wigan = small_other_locality[0].cohort.locality
    # Talent for Care also runs in Wigan: two more applications there, one into work.
    wigan_tfc = CohortFactory(programme=academy["programme"], locality=wigan)
    application_at(Stage.STARTED_WORK, cohort=wigan_tfc)
    application_at(Stage.ENROLLED, cohort=wigan_tfc)
    other_programme = small_other_locality[0].cohort.programme.name

    def rows(table):
        return {r.label: [c.value for c in r.cells[:-1]] for r in table.rows}

    in_wigan = staff_tables(ImpactFilters(locality_id=wigan.pk))
    assert set(rows(in_wigan.by_locality)) == {"Blackpool", "Wigan", "Total"}
    assert rows(in_wigan.by_locality)["Wigan"][0] == 5
    by_programme = rows(in_wigan.by_programme)
    assert set(by_programme) == {"Talent for Care", other_programme, "Total"}
    assert by_programme["Talent for Care"][0] == 2 and by_programme["Talent for Care"][-1] == 1
    assert by_programme[other_programme][-1] == 3
    assert by_programme["Total"][0] == 5

    on_tfc = staff_tables(ImpactFilters(programme_id=academy["programme"].pk))
    by_locality = rows(on_tfc.by_locality)
    assert set(by_locality) == {"Blackpool", "Wigan", "Total"}
    assert by_locality["Wigan"][0] == 2
    assert by_locality["Blackpool"][0] == 15 and by_locality["Blackpool"][5] == 10  # 10 completed
    assert by_locality["Total"][0] == 17
    assert set(rows(on_tfc.by_programme)) == {"Talent for Care", other_programme, "Total"}

    both = staff_tables(ImpactFilters(locality_id=wigan.pk, programme_id=academy["programme"].pk))
    assert rows(both.by_locality)["Total"][0] == 17  # Talent for Care everywhere
    assert rows(both.by_programme)["Total"][0] == 5  # everything in Wigan

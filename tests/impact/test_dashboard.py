"""The dashboard page, its CSV and the staff drill-down: who sees what."""

import pytest
from django.urls import reverse

from academy.models import AuditEvent
from learners.models import Stage
from tests.factories import CohortFactory, LearnerFactory
from tests.factories.impact import application_at

DASHBOARD = reverse("impact:dashboard")
CSV = reverse("impact:dashboard_csv")


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona", ["provider_user", "learner"])
def test_providers_and_learners_are_refused(persona, request, client_for):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    assert client_for(user).get(DASHBOARD).status_code == 403
    assert client_for(user).get(CSV).status_code == 403


def test_partner_sees_suppressed_figures_and_charts_without_inline_script(academy, partner, client_for):
    response = client_for(partner).get(DASHBOARD)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="suppression-note"' in html
    assert "fewer than 5" in html  # the 2 referrals
    assert 'id="impact-chart-data"' in html and "js/impact_charts.js" in html
    assert "<script>" not in html and " style=" not in html


def test_every_chart_is_described_by_the_table_of_its_figures(academy, partner, client_for):
    import json
    import re

    html = client_for(partner).get(DASHBOARD).content.decode()
    assert "{#" not in html and "{%" not in html  # template comments stay out of the page
    described = re.findall(r'<canvas id="([^"]+)"[^>]*aria-describedby="([^"]+)"', html)
    assert html.count("<canvas") == len(described)  # none without a description
    # The headline tiles' small charts are described by their list of quarters (reach's own tests).
    canvases = [(c, refs) for c, refs in described if c.startswith("chart-")]
    assert [c for c, _ in canvases] == ["chart-funnel", "chart-trend", "chart-locality", "chart-programme"]
    for canvas_id, refs in canvases:
        caption_id, table_id = refs.split()
        caption = re.search(rf'<figcaption id="{caption_id}"[^>]*>(.*?)</figcaption>', html, re.S)
        assert caption and f'href="#{table_id}"' in caption.group(1), canvas_id
        assert re.search(rf'<table [^>]*id="{table_id}"', html), canvas_id
    # The funnel's text alternative holds every step the chart draws, as the partner may see it.
    funnel_table = re.search(r'<table [^>]*id="table-funnel".*?</table>', html, re.S).group(0)
    data = json.loads(re.search(r'id="impact-chart-data" type="application/json">(.*?)</script>', html).group(1))
    for label in data["funnel"]["labels"]:
        assert label.split(" (")[0] in funnel_table
    assert "Referred for English and maths (fewer than 5)" in data["funnel"]["labels"]


def test_partner_never_sees_a_learners_name_or_drilldown_link(academy, partner, client_for):
    names = [a.learner.last_name for a in academy["started"]]
    client = client_for(partner)
    for url in (DASHBOARD, CSV, f"{DASHBOARD}?locality={academy['locality'].pk}",
                f"{CSV}?programme={academy['programme'].pk}&from_month=2026-03&to_month=2026-03"):
        body = client.get(url).content.decode()
        assert not any(name in body for name in names), url
        assert "/impact/learners/" not in body


def test_partner_cannot_use_cohort_or_provider_filters(academy, partner, client_for):
    response = client_for(partner).get(DASHBOARD, {"cohort": academy["cohort"].pk})
    assert "cohort" not in response.context["form"].fields
    assert response.context["filters"].cohort_id is None


def test_partner_csv_is_suppressed_too(academy, partner, client_for):
    response = client_for(partner).get(CSV)
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Referred for English and maths,fewer than 5" in body
    assert "Completers who started work (into care jobs),80%,10,10,Completers who started work," in body


def test_staff_see_unsuppressed_figures_with_drilldown_links(academy, staff, client_for):
    html = client_for(staff).get(DASHBOARD).content.decode()
    assert 'data-testid="staff-view-note"' in html
    assert reverse("impact:drilldown", args=["referred"]) in html
    csv_body = client_for(staff).get(CSV).content.decode()
    assert "Referred for English and maths,2" in csv_body


def test_staff_drilldown_lists_the_learners_behind_a_figure_and_is_audited(academy, staff, client_for):
    response = client_for(staff).get(reverse("impact:drilldown", args=["referred"]))
    assert response.status_code == 200
    html = response.content.decode()
    for application in academy["referred"]:
        assert application.learner.full_name in html
    assert academy["started"][0].learner.full_name not in html
    assert AuditEvent.objects.filter(action="impact.drilldown_viewed", actor=staff).exists()


def test_staff_drilldown_only_shows_learners_in_the_staff_members_localities(academy, other_locality_staff,
                                                                            client_for):
    wigan_learner = LearnerFactory(locality=other_locality_staff.localities.get())
    application_at(Stage.REFERRED, cohort=academy["cohort"], learner=wigan_learner)
    html = client_for(other_locality_staff).get(reverse("impact:drilldown", args=["referred"])).content.decode()
    assert wigan_learner.full_name in html
    assert academy["referred"][0].learner.full_name not in html


def test_partner_is_refused_the_drilldown(academy, partner, client_for):
    assert client_for(partner).get(reverse("impact:drilldown", args=["started_work"])).status_code == 403


def test_unknown_drilldown_step_is_not_found(staff, client_for):
    assert client_for(staff).get(reverse("impact:drilldown", args=["everything"])).status_code == 404


def test_a_bad_month_is_explained_and_kept(academy, partner, client_for):
    response = client_for(partner).get(DASHBOARD, {"from_month": "last spring", "to_month": "2026-03"})
    html = response.content.decode()
    assert "Enter a month as year and month" in html
    assert 'value="last spring"' in html
    assert response.context["filters"].start is None


def test_end_month_before_start_month_is_refused(partner, client_for, db):
    response = client_for(partner).get(DASHBOARD, {"from_month": "2026-05", "to_month": "2026-03"})
    assert "The end month must be the same as or after the start month." in response.content.decode()


def test_csv_of_an_unknown_table_is_not_found(partner, client_for, db):
    assert client_for(partner).get(CSV, {"table": "learners"}).status_code == 404


def test_staff_filter_by_cohort(academy, staff, client_for):
    other = CohortFactory(locality=academy["locality"])
    application_at(Stage.APPLIED, cohort=other)
    response = client_for(staff).get(DASHBOARD, {"cohort": other.pk})
    funnel = response.context["tables"].funnel
    assert next(r for r in funnel.rows if r.key == "applications").cells[0].value == 1

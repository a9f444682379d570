"""The evidence page per programme: NESTA level, the claim and the figures behind it."""

from django.urls import reverse

from tests.factories import ProgrammeFactory
from tests.factories.impact import ProgrammeEvidenceFactory


def test_evidence_list_shows_each_programmes_level(partner, client_for, db):
    assessed = ProgrammeEvidenceFactory(level=2).programme
    ProgrammeFactory(name="Not yet looked at")
    html = client_for(partner).get(reverse("impact:evidence_list")).content.decode()
    assert assessed.name in html and "Level 2" in html
    assert "Not yet assessed" in html


def test_evidence_page_shows_level_claim_data_and_figures(academy, partner, client_for):
    ProgrammeEvidenceFactory(programme=academy["programme"], level=2, claim="Eight in ten completers start work.",
                             data_behind="Job starts recorded in the portal for every cohort.")
    response = client_for(partner).get(reverse("impact:evidence_detail", args=[academy["programme"].slug]))
    html = response.content.decode()
    assert "NESTA level 2 of 4" in html
    assert "Eight in ten completers start work." in html
    assert "Job starts recorded in the portal" in html
    assert "80%" in html  # completers into care jobs, from the selectors
    assert academy["started"][0].learner.last_name not in html


def test_evidence_page_for_an_unassessed_programme_says_so(partner, client_for, db):
    programme = ProgrammeFactory()
    html = client_for(partner).get(reverse("impact:evidence_detail", args=[programme.slug])).content.decode()
    assert 'data-testid="evidence-none"' in html


def test_evidence_pages_are_not_for_learners(learner, client_for, db):
    assert client_for(learner.user).get(reverse("impact:evidence_list")).status_code == 403

"""Equality answers are kept out of screening, matching and the provider pages: by what imports them,
and by behaviour (changing the answers changes no score, match or screening result)."""

import ast
import pathlib

import pytest
from django.conf import settings
from django.urls import reverse

from equality.services import equality_answers_save
from learners.selectors import cohort_board
from learners.services import screening as learner_services
from placements.matching import matches_for_learner
from providers.models import ClientGroup
from tests.factories import (
    ApplicationFactory,
    LearnerFactory,
    PlacementOpportunityFactory,
    SiteFactory,
)
from tests.factories.placements import enrolled_application
from tests.factories.vacancies import VacancyFactory, care_setting
from tests.learners.conftest import screen

ROOT = pathlib.Path(settings.BASE_DIR)
# Apps that decide on, match or show learners to providers: none of them may import the equality app.
KEPT_APART = ["learners", "placements", "providers", "courses", "vacancies", "academy", "impact", "reminders"]


def _imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_screening_matching_or_provider_code_imports_the_equality_app():
    offenders = []
    for app in KEPT_APART:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            if any(name == "equality" or name.startswith("equality.") for name in _imports(path)):
                offenders.append(str(path.relative_to(ROOT)))
            elif "equality_monitoring" in path.read_text(encoding="utf-8"):
                offenders.append(f"{path.relative_to(ROOT)} (reads the relation by name)")
    assert offenders == []
    # The check looks at real files: the screening and matching code is among them.
    assert (ROOT / "placements" / "matching.py").exists()


def test_only_reporting_and_export_code_imports_the_equality_app():
    importers = set()
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"equality", "tests", ".venv", "node_modules"} or "migrations" in parts:
            continue
        if any(name == "equality" or name.startswith("equality.") for name in _imports(path)):
            importers.add(parts[0])
    # reach: the reporting and participant export; devtools: the demo data (not installed in production).
    assert importers <= {"reach", "devtools"}


@pytest.mark.django_db
def test_changing_the_answers_changes_no_match_score(locality):
    residential = care_setting("residential")
    older = ClientGroup.objects.get_or_create(code="older-people", defaults={"name": "Older people"})[0]
    learner = LearnerFactory(locality=locality, postcode="FY1 4AB")
    learner.preferred_settings.set([residential])
    learner.preferred_client_groups.set([older])
    application = enrolled_application(learner=learner)
    VacancyFactory(site=SiteFactory(postcode="FY1 2QP"), setting=residential, client_groups=[older])
    VacancyFactory(site=SiteFactory(postcode="LA1 3PE"), setting=residential)
    PlacementOpportunityFactory(site=SiteFactory(postcode="FY8 1AA"), setting=residential)

    def scores():
        result = matches_for_learner(learner=learner, application=application)
        return [(m.opportunity.kind, m.opportunity.pk, m.score, m.points, [c.points for c in m.components])
                for m in result.placements + result.vacancies + result.excluded]

    before = scores()
    assert before, "the learner has something to be matched to"
    equality_answers_save(learner=learner, answers={"age_band": "65_plus", "disability": "yes",
                                                    "pregnancy_maternity": "yes", "caring": "50_plus"},
                          needs_adjustments="yes", what_would_help="Shorter shifts")
    assert scores() == before
    equality_answers_save(learner=learner, answers={"age_band": "18_24", "disability": "no", "caring": "no"})
    assert scores() == before


@pytest.mark.django_db
def test_changing_the_answers_changes_no_screening_result_or_board_row(locality, staff):
    from tests.factories import AcademyValueFactory, CohortFactory

    values = [AcademyValueFactory(name=name, descriptor="x") for name in ("Compassion", "Respect")]
    cohort = CohortFactory(locality=locality)
    with_answers = ApplicationFactory(learner=LearnerFactory(locality=locality), cohort=cohort)
    without = ApplicationFactory(learner=LearnerFactory(locality=locality), cohort=cohort)
    equality_answers_save(learner=with_answers.learner, answers={"ethnic_group": "white_roma", "religion": "muslim",
                                                                 "sexual_orientation": "gay_lesbian"})
    decided = []
    for application in (with_answers, without):
        screening = screen(application, staff, values=values, scores=(3, 3))
        learner_services.screening_decide(screening=screening, outcome="accepted", by=staff)
        application.refresh_from_db()
        decided.append(application.stage)
    assert decided == ["accepted", "accepted"]
    board = {row.application.pk: row for row in cohort_board(cohort=cohort)}
    assert set(board) == {with_answers.pk, without.pk}
    # The board reads nothing of the equality app: its rows carry no such attribute.
    assert not any(hasattr(row.application.learner, "_equality_monitoring_cache") for row in board.values())


@pytest.mark.django_db
def test_no_provider_page_about_a_learner_shows_equality_answers(client_for, staff, locality):
    """The provider's view of a learner comes through providers.permissions, which never reads the answers; the
    staff learner page does not show them either (only the adjustments page and the role's own page do)."""
    learner = LearnerFactory(locality=locality)
    equality_answers_save(learner=learner, answers={"ethnic_group": "white_gypsy_traveller"})
    page = client_for(staff).get(reverse("learners:detail", args=[learner.pk])).content.decode()
    assert "Gypsy" not in page

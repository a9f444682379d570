"""The printable impact report: asked for on the page, built by Celery after commit, downloaded safely."""

import io
import re
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from impact.models import ImpactReport
from impact.services.reports import impact_report_build, impact_report_request
from tests.factories import UserFactory

REPORTS = reverse("impact:reports")


def pdf_text(report) -> str:
    with report.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_requesting_a_report_sends_the_task_only_after_commit(partner, django_capture_on_commit_callbacks, db):
    import datetime

    with mock.patch("celery.app.task.Task.apply_async") as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = impact_report_request(requested_by=partner, period_start=datetime.date(2026, 1, 1),
                                           period_end=datetime.date(2026, 12, 31))
        send.assert_not_called()
        for callback in callbacks:
            callback()
    send.assert_called_once()
    assert send.call_args.args[0] == (report.pk,)


def test_partner_asks_for_a_report_and_downloads_a_readable_tagged_pdf(academy, partner, client_for,
                                                                       django_capture_on_commit_callbacks):
    client = client_for(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORTS, {"from_month": "2026-01", "to_month": "2026-12",
                                         "locality": academy["locality"].pk})
    assert response.status_code == 302
    report = ImpactReport.objects.get()
    assert report.status == ImpactReport.Status.READY
    text, reader = pdf_text(report)
    assert "Impact report" in text
    assert "Blackpool" in text
    flowing = " ".join(text.split())  # table cells wrap inside the PDF
    assert "Completers who started work (into care jobs)" in flowing and "80%" in text
    assert "fewer than 5" in text  # the report is suppressed, whoever asks
    assert academy["started"][0].learner.last_name not in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF
    assert reader.trailer["/Root"].get("/Lang") == "en-GB"
    download = client.get(reverse("impact:report_download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_partner_from_another_organisation_cannot_download_the_report(academy, partner, client_for, db):
    import datetime

    with mock.patch("impact.tasks.impact_report_build.delay"):
        report = impact_report_request(requested_by=partner, period_start=datetime.date(2026, 1, 1),
                                       period_end=datetime.date(2026, 12, 31))
    impact_report_build(report_id=report.pk)
    stranger = UserFactory(partner=True)
    assert client_for(stranger).get(reverse("impact:report_download", args=[report.pk])).status_code == 404


def test_staff_can_download_any_report_and_learners_none(academy, partner, staff, learner, client, db):
    import datetime

    with mock.patch("impact.tasks.impact_report_build.delay"):
        report = impact_report_request(requested_by=partner, period_start=datetime.date(2026, 1, 1),
                                       period_end=datetime.date(2026, 6, 30))
    impact_report_build(report_id=report.pk)
    url = reverse("impact:report_download", args=[report.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(learner.user)
    assert client.get(url).status_code == 403


def test_a_report_not_yet_built_cannot_be_downloaded(partner, client_for, db):
    import datetime

    with mock.patch("impact.tasks.impact_report_build.delay"):
        report = impact_report_request(requested_by=partner, period_start=datetime.date(2026, 1, 1),
                                       period_end=datetime.date(2026, 6, 30))
    assert client_for(partner).get(reverse("impact:report_download", args=[report.pk])).status_code == 404


def test_bad_report_period_is_explained_and_nothing_is_saved(partner, client_for, db):
    response = client_for(partner).post(REPORTS, {"from_month": "2026-06", "to_month": "2026-01"})
    assert response.status_code == 200
    assert "The end month must be the same as or after the start month." in response.content.decode()
    assert 'value="2026-06"' in response.content.decode()
    assert not ImpactReport.objects.exists()


@pytest.mark.django_db
def test_a_failing_build_marks_the_report_failed(partner):
    import datetime

    from impact.tasks import impact_report_build as task

    with mock.patch("impact.tasks.impact_report_build.delay"):
        report = impact_report_request(requested_by=partner, period_start=datetime.date(2026, 1, 1),
                                       period_end=datetime.date(2026, 6, 30))
    with mock.patch("impact.services.reports.impact_report_build", side_effect=ValueError("boom")):
        with pytest.raises(ValueError):
            task.apply(args=[report.pk], throw=True)
    report.refresh_from_db()
    assert report.status == ImpactReport.Status.FAILED and "ValueError" in report.error


def _built_report(partner, **period):
    import datetime

    with mock.patch("impact.tasks.impact_report_build.delay"):
        report = impact_report_request(requested_by=partner, period_start=datetime.date(2026, 1, 1),
                                       period_end=datetime.date(2026, 12, 31), **period)
    return impact_report_build(report_id=report.pk)


def _report_html(report):
    from django.template.loader import render_to_string

    from impact.selectors.figures import ImpactFilters, impact_figures
    from impact.tables import impact_tables

    tables = impact_tables(impact_figures(filters=ImpactFilters(start=report.period_start, end=report.period_end)),
                           suppress=True)
    return render_to_string("impact/report_pdf.html", {"report": report, "tables": tables}), tables


def test_the_report_opens_with_key_figures_and_charts_drawn_into_the_pdf(academy, small_other_locality, partner):
    report = _built_report(partner)
    text, reader = pdf_text(report)
    first_page = reader.pages[0].extract_text()
    assert "Key figures" in first_page and "Completers into care jobs" in first_page
    opening = first_page + reader.pages[1].extract_text()
    assert "The funnel: how many people reached each step" in opening  # the first chart, before any table
    # Key figures, then the charts, then the tables.
    positions = [text.index(s) for s in ("Key figures", "Applications and job starts, month by month",
                                         "Applications, completions and job starts by locality",
                                         "Conversion between steps, with the numbers behind each rate")]
    assert positions == sorted(positions)
    # The charts are drawn, not scripted: SVG bars whose figures are the table's, hidden ones unbarred.
    html, tables = _report_html(report)
    assert "<script" not in html and "<canvas" not in html
    funnel_svg = re.search(r'data-testid="svg-chart-funnel".*?</svg>', html, re.S).group(0)
    bars = re.findall(r'<rect class="bar" [^>]*width="([\d.]+)"[^>]*data-value="([^"]+)"', funnel_svg)
    shown = [row.cells[0].display for row in tables.funnel.rows if row.cells[0].display != "not recorded"]
    assert [value for _w, value in bars] == shown
    widths = {value: float(w) for w, value in bars}
    assert widths["fewer than 5"] == 0
    assert 0 < widths["10"] < max(widths.values())
    assert "Wigan" in text and "fewer than 5" in text  # the locality chart's hidden bar, written out


def test_report_tables_have_one_row_heading_column_and_no_heading_ends_a_page(academy, small_other_locality,
                                                                             partner):
    report = _built_report(partner)
    text, reader = pdf_text(report)
    assert "Figure Figure" not in text
    html, tables = _report_html(report)
    for table in tables.all():
        assert table.row_heading not in table.columns, table.key
    headings = set(re.findall(r"<h2[^>]*>(.*?)</h2>", html)) | {t.caption for t in tables.all()}
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines()
                 if line.strip() and not re.fullmatch(r"Page \d+ of \d+", line.strip())]
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"

"""The printable impact report: asked for on the page, built by Celery after commit, downloaded safely."""

import io
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

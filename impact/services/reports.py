"""Printable impact reports: asked for by staff or partners, built as a PDF by a Celery task."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from impact.models import ImpactReport


def impact_report_request(*, requested_by, period_start: datetime.date, period_end: datetime.date,
                          locality=None) -> ImpactReport:
    """Asks for a printable report; the PDF is built by a Celery task once this is committed."""
    from impact.tasks import impact_report_build as build_task

    with transaction.atomic():
        report = ImpactReport(requested_by=requested_by, period_start=period_start, period_end=period_end,
                              locality=locality)
        report.full_clean()
        report.save()
        # Sent once this transaction commits (academy.tasks.PortalTask); with the broker down the report
        # is marked failed at once, not left pending.
        build_task.apply_async(args=(report.pk,), on_not_sent=lambda exc: _report_not_queued(report))
    return report


REPORT_NOT_QUEUED = "The report could not be started just now; please try again shortly."


def _report_not_queued(report) -> None:
    impact_report_fail(report_id=report.pk, reason=REPORT_NOT_QUEUED)
    report.status, report.error = ImpactReport.Status.FAILED, REPORT_NOT_QUEUED


def impact_report_build(*, report_id: int) -> ImpactReport:
    """Renders the report's figures (always partner-safe: suppressed) to a tagged, accessible PDF."""
    from weasyprint import HTML

    from impact.selectors.figures import ImpactFilters, filters_description, impact_figures
    from impact.tables import impact_tables

    report = ImpactReport.objects.select_related("locality").get(pk=report_id)
    filters = ImpactFilters(start=report.period_start, end=report.period_end, locality_id=report.locality_id)
    tables = impact_tables(impact_figures(filters=filters), suppress=True)
    html = render_to_string("impact/report_pdf.html", {"report": report, "tables": tables,
                                                       "coverage": filters_description(filters, staff=False),
                                                       "generated_at": timezone.now()})
    pdf = HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    name = f"impact-report-{report.pk}-{report.period_start:%Y%m}-{report.period_end:%Y%m}.pdf"
    with transaction.atomic():
        report.file.save(name, ContentFile(pdf), save=False)
        report.status = ImpactReport.Status.READY
        report.error = ""
        report.save(update_fields=["file", "status", "error", "updated_at"])
    return report


def impact_report_fail(*, report_id: int, reason: str) -> None:
    """Marks a report as failed after the last retry, with a short reason for staff (no personal data)."""
    ImpactReport.objects.filter(pk=report_id).update(status=ImpactReport.Status.FAILED, error=reason[:255],
                                                     updated_at=timezone.now())

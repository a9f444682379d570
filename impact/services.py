"""Writes for the impact app: survey answers, follow-ups, support spend, evidence and reports."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from learners.models import Application, Stage, StageTransition

from .models import (
    ImpactReport,
    ProgrammeEvidence,
    RetentionFollowUp,
    SatisfactionSurvey,
    SupportSpend,
    WellbeingSurvey,
)


@transaction.atomic
def wellbeing_survey_record(*, application: Application, moment: str, taken_on: datetime.date,
                            answers: list[int]) -> WellbeingSurvey:
    """Records (or corrects) the start or end resilience check: six answers, each 1 to 5."""
    if len(answers) != 6:
        raise ValidationError("The resilience check has six statements; please answer all six.")
    fields = {f"item_{i}": value for i, value in enumerate(answers, start=1)}
    survey = WellbeingSurvey.objects.filter(application=application, moment=moment).first()
    if survey is None:
        survey = WellbeingSurvey(application=application, moment=moment)
    survey.taken_on = taken_on
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.full_clean()
    survey.save()
    survey.refresh_from_db(fields=["score"])
    return survey


@transaction.atomic
def satisfaction_record(*, respondent: str, score: int, recorded_on: datetime.date, comment: str = "",
                        application: Application | None = None, provider=None, cohort=None) -> SatisfactionSurvey:
    """Records one satisfaction answer: a learner about their course, or a provider about the academy."""
    survey = SatisfactionSurvey(respondent=respondent, score=score, recorded_on=recorded_on, comment=comment,
                                application=application, provider=provider, cohort=cohort)
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def retention_follow_up_record(*, application: Application, month: int, in_work: bool, same_employer: bool,
                               recorded_at=None, by=None) -> RetentionFollowUp:
    """Records or corrects the 3, 6 or 12-month check, for someone who started work through the academy.

    Unlike follow_up_record (the survey pages), this does not refuse an answer outside the follow-up's
    window (impact.selectors_surveys.follow_ups_due): it records answers after the fact, as the demo seed
    does with its back-dated history."""
    if not StageTransition.objects.filter(application=application, to_stage=Stage.STARTED_WORK).exists():
        raise ValidationError("Follow-ups are only for learners who have started work.")
    follow_up = RetentionFollowUp.objects.filter(application=application, month=month).first() or \
        RetentionFollowUp(application=application, month=month)
    follow_up.in_work = in_work
    follow_up.same_employer = same_employer and in_work
    follow_up.recorded_at = recorded_at or timezone.now()
    follow_up.recorded_by = by
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def support_spend_record(*, application: Application, category: str, amount: Decimal, spent_on: datetime.date,
                         note: str = "") -> SupportSpend:
    """Records money spent to remove a barrier (never negative)."""
    spend = SupportSpend(application=application, category=category, amount=amount, spent_on=spent_on, note=note)
    spend.full_clean()
    spend.save()
    return spend


@transaction.atomic
def programme_evidence_record(*, programme, level: int, claim: str, data_behind: str,
                              reviewed_at: datetime.date, by=None) -> ProgrammeEvidence:
    """Records a review of a programme's NESTA level; earlier reviews stay as history."""
    evidence = ProgrammeEvidence(programme=programme, level=level, claim=claim, data_behind=data_behind,
                                 reviewed_at=reviewed_at, reviewed_by=by)
    evidence.full_clean()
    evidence.save()
    return evidence


def impact_report_request(*, requested_by, period_start: datetime.date, period_end: datetime.date,
                          locality=None) -> ImpactReport:
    """Asks for a printable report; the PDF is built by a Celery task once this is committed."""
    from .tasks import impact_report_build as build_task

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

    from .selectors import ImpactFilters, impact_figures
    from .tables import impact_tables

    report = ImpactReport.objects.select_related("locality").get(pk=report_id)
    filters = ImpactFilters(start=report.period_start, end=report.period_end, locality_id=report.locality_id)
    tables = impact_tables(impact_figures(filters=filters), suppress=True)
    html = render_to_string("impact/report_pdf.html", {"report": report, "tables": tables,
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

"""Celery tasks: thin wrappers that take ids and call the service of the same name."""

from celery import shared_task

from academy.tasks import PortalTask

from .selectors.figures import impact_figures_warm
from .services import reports


# Only a failed write of the PDF is worth retrying (with PortalTask's backoff); a PDF takes longer than
# most tasks, so it has more time.
@shared_task(base=PortalTask, bind=True, name="impact.impact_report_build", autoretry_for=(OSError,),
             soft_time_limit=120, time_limit=180)
def impact_report_build(self, report_id: int) -> int:
    try:
        reports.impact_report_build(report_id=report_id)
    except OSError:
        if self.request.retries >= self.max_retries:
            reports.impact_report_fail(report_id=report_id, reason="The PDF could not be written.")
        raise
    except Exception as exc:
        reports.impact_report_fail(report_id=report_id, reason=f"The report could not be built ({type(exc).__name__}).")
        raise
    return report_id


# Runs every few minutes: no TaskRecord for each run, and no retry (the next run comes soon anyway).
@shared_task(base=PortalTask, name="impact.dashboard_figures_warm", recorded=False, autoretry_for=(),
             soft_time_limit=240, time_limit=300)
def dashboard_figures_warm() -> str:
    """Beat runs this more often than the figures expire, so the unfiltered dashboard is always warm."""
    figures = impact_figures_warm()
    return f"{figures.funnel.get('applications', 0)} applications"

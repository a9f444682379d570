"""Background tasks of the learners app: thin wrappers named after the service they run."""

from celery import shared_task

from academy.tasks import PortalTask


@shared_task(base=PortalTask, name="learners.tasks.personnel_file_build_task")
def personnel_file_build_task(learner_id: int, by_id: int | None = None) -> dict:
    """Builds a learner's personnel file PDF (see learners.personnel.services.personnel_file_build)."""
    from .personnel.services import personnel_file_build

    record = personnel_file_build(learner_id=learner_id, by_id=by_id)
    return {"personnel_file_id": record.pk, "sha256": record.content_hash, "seconds": record.build_seconds}


# The nightly run goes through every learner; each learner's work is short, so the long limits
# only bound the whole run.
@shared_task(base=PortalTask, name="learners.tasks.retention_apply_task", soft_time_limit=1800, time_limit=2000)
def retention_apply_task() -> dict:
    """The UK GDPR retention rules, nightly (Celery beat's "apply-retention-rules"); see learners.gdpr.

    A learner whose rule fails is recorded as a failed learner_retention_apply_task and the run goes on.
    """
    from .gdpr import retention_apply

    return retention_apply()


@shared_task(base=PortalTask, name="learners.tasks.learner_retention_apply_task")
def learner_retention_apply_task(learner_id: int) -> dict:
    """The retention rules for one learner: what staff retry from the task page after a recorded failure."""
    from .gdpr import retention_apply

    return retention_apply(learner_id=learner_id)

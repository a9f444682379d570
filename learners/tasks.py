"""Background tasks of the learners app: thin wrappers named after the service they run."""

from celery import shared_task

from academy.tasks import PortalTask


@shared_task(base=PortalTask, name="learners.tasks.personnel_file_build_task")
def personnel_file_build_task(learner_id: int, by_id: int | None = None) -> dict:
    """Builds a learner's personnel file PDF (see learners.personnel.services.personnel_file_build)."""
    from .personnel.services import personnel_file_build

    record = personnel_file_build(learner_id=learner_id, by_id=by_id)
    return {"personnel_file_id": record.pk, "sha256": record.content_hash, "seconds": record.build_seconds}

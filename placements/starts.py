"""When a placement starts: the provider has accepted it and its start date has come.

Only then does the learner's stage become "On placement" (confirming a placement leaves the stage
alone). It happens at the first of: the provider accepting a placement whose start date has come,
the placement being saved with such a date, or the daily task (placements.tasks.placements_start_due_task)
on the start date. `Placement.started_at` records it, so each placement moves the stage once.
"""

from django.db import transaction
from django.utils import timezone

from learners.models import Stage

from .models import Placement

# The stages from which starting a placement moves the learner to 'placed' (learners' allowed moves);
# a learner already interviewed or further on keeps their later stage.
STAGES_THAT_MOVE = (Stage.ENROLLED, Stage.COMPLETED)


@transaction.atomic
def placement_start_if_due(*, placement: Placement, by=None, at=None) -> Placement:
    """Starts the placement if it is accepted, not yet started and its start date has come."""
    from .services import _move

    at = at or timezone.now()
    placement = Placement.objects.select_for_update(of=("self",)).select_related("application", "provider").get(pk=placement.pk)
    if (placement.status != Placement.Status.ACCEPTED or placement.started_at is not None
            or placement.start_date > timezone.localtime(at).date()):
        return placement
    placement.started_at = at
    placement.save(update_fields=["started_at", "updated_at"])
    if placement.application.stage in STAGES_THAT_MOVE:
        _move(placement.application, Stage.PLACED, by=by, at=at,
              note=f"Placement with {placement.provider.name} started")
    return placement


def placements_start_due(*, at=None) -> int:
    """Starts every accepted placement whose start date has come; returns how many started."""
    at = at or timezone.now()
    due = Placement.objects.filter(status=Placement.Status.ACCEPTED, started_at__isnull=True,
                                   start_date__lte=timezone.localtime(at).date()).values_list("pk", flat=True)
    started = 0
    for pk in list(due):
        if placement_start_if_due(placement=Placement(pk=pk), at=at).started_at == at:
            started += 1
    return started

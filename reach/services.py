"""Writes for priority groups: a learner's groups, recorded by the learner or by staff."""

from django.core.exceptions import ValidationError
from django.db import transaction

from academy.services import audit_record

from .models import LearnerPriorityGroup, PriorityGroup


@transaction.atomic
def learner_priority_groups_set(*, learner, groups, by=None, source: str, request=None) -> list[LearnerPriorityGroup]:
    """The learner belongs to exactly `groups` (active priority groups) from now on. Groups they already
    belonged to keep who recorded them and when; retired groups they belong to are left as they are."""
    groups = list(groups)
    retired = [g for g in groups if not g.is_active]
    if retired:
        raise ValidationError(f"{retired[0].name} is no longer a priority group. Choose from the list shown.",
                              code="retired_group")
    if source not in LearnerPriorityGroup.Source.values:
        raise ValidationError("Say who recorded the groups: the learner or academy staff.", code="bad_source")
    wanted = {g.pk for g in groups}
    current = LearnerPriorityGroup.objects.filter(learner=learner, group__is_active=True)
    current.exclude(group_id__in=wanted).delete()
    have = set(current.values_list("group_id", flat=True))
    for group in PriorityGroup.objects.filter(pk__in=wanted - have):
        membership = LearnerPriorityGroup(learner=learner, group=group, source=source, recorded_by=by)
        membership.full_clean()
        membership.save()
    audit_record(action="reach.priority_groups_recorded", actor=by, request=request, obj=learner,
                 learner_id=learner.pk, note=f"by {source}")
    return list(LearnerPriorityGroup.objects.filter(learner=learner).select_related("group"))

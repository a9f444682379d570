"""Priority (target) groups the academy sets out to reach, and which learners belong to them.

The list is staff-configurable (Django admin); a data migration seeds the usual groups. Membership
is recorded by the learner (at application or from their page) or by staff. Whether someone lives
in one of the most deprived areas is recorded, never looked up online.
"""

from django.conf import settings
from django.db import models

from academy.models import TimeStampedModel


class PriorityGroup(TimeStampedModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    description = models.CharField(max_length=255, blank=True,
                                   help_text="How to tell whether someone belongs to the group, in plain English.")
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Only active groups are offered for recording.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class LearnerPriorityGroup(models.Model):
    """One learner belongs to one priority group: who said so and when."""

    class Source(models.TextChoices):
        LEARNER = "learner", "The learner"
        STAFF = "staff", "Academy staff"

    learner = models.ForeignKey("learners.Learner", on_delete=models.CASCADE, related_name="priority_groups")
    group = models.ForeignKey(PriorityGroup, on_delete=models.PROTECT, related_name="members")
    source = models.CharField(max_length=10, choices=Source.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["group__order", "group__name"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "group"], name="learner_in_priority_group_once"),
        ]

    def __str__(self):
        return f"Learner {self.learner_id} in {self.group}"

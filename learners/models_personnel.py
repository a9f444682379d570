"""The portable personnel file: one PDF per learner, and its time-limited releases to employers."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from academy.models import TimeStampedModel


class PersonnelFile(TimeStampedModel):
    """The learner's current personnel file. A rebuild replaces the PDF; there is never more than one."""

    class State(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be built"
        # The stored PDF was deleted because the records it showed were erased.
        WITHDRAWN = "withdrawn", "Withdrawn"

    learner = models.OneToOneField("learners.Learner", on_delete=models.CASCADE, related_name="personnel_file")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # Stored under MEDIA_ROOT (outside the web root); served only by access-checked views.
    pdf = models.FileField(upload_to="personnel-files/", max_length=255, blank=True)
    content_hash = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    page_count = models.PositiveSmallIntegerField(default=0)
    build_seconds = models.FloatField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    complete_sections = models.JSONField(default=list, blank=True)
    missing_sections = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="ready_personnel_file_has_pdf",
                condition=~Q(state="ready") | (~Q(pdf="") & ~Q(content_hash="") & Q(built_at__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"Personnel file for {self.learner} ({self.get_state_display()})"

    @property
    def is_ready(self):
        return self.state == self.State.READY and bool(self.pdf)


def default_release_expiry():
    days = getattr(settings, "PERSONNEL_FILE_RELEASE_DAYS", 7)
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)


class PersonnelFileRelease(TimeStampedModel):
    """Staff handing the personnel file to the employer who offered the learner a job, for a limited time.

    The provider's users download it through a signed link while the release is live: not revoked,
    not expired, and the learner's sharing consent not withdrawn.
    """

    learner = models.ForeignKey("learners.Learner", on_delete=models.CASCADE, related_name="personnel_file_releases")
    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE,
                                 related_name="personnel_file_releases")
    job_offer = models.ForeignKey("placements.JobOffer", on_delete=models.PROTECT,
                                  related_name="personnel_file_releases")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField()
    expires_at = models.DateTimeField(default=default_release_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoke_reason = models.CharField(max_length=200, blank=True)
    download_count = models.PositiveIntegerField(default=0)
    last_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-released_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="release_expires_after_release", condition=Q(expires_at__gt=F("released_at"))),
            models.UniqueConstraint(fields=["learner", "provider"], condition=Q(revoked_at__isnull=True),
                                    name="one_open_release_per_learner_and_provider"),
        ]
        indexes = [models.Index(fields=["provider", "revoked_at", "expires_at"])]

    def __str__(self):
        return f"Personnel file of {self.learner} released to {self.provider} ({self.released_at:%d %b %Y})"

"""Reminders the portal sends on a schedule, who wants which, and a record of background tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .models import TimeStampedModel


class ReminderKind(models.TextChoices):
    INTERVIEW_TOMORROW = "interview_tomorrow", "Interview tomorrow"
    PLACEMENT_STARTING = "placement_starting", "Placement starting soon"
    CHECKS_OUTSTANDING = "checks_outstanding", "References or DBS still outstanding near the end of a course"
    DBS_RECHECK_DUE = "dbs_recheck_due", "DBS update-service re-check due"
    FOLLOW_UP_SURVEY = "follow_up_survey", "Follow-up survey after starting work"
    VACANCY_CLOSING = "vacancy_closing", "Vacancy closing with ring-fenced places still free"


class SentReminder(models.Model):
    """One reminder sent to one person about one thing. The unique key makes a rerun send nothing new."""

    kind = models.CharField(max_length=40, choices=ReminderKind.choices)
    # What the reminder is about, e.g. "interview:42" or "job_start:7:3m"; never personal data.
    object_key = models.CharField(max_length=80)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    emailed = models.BooleanField(default=False)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_key", "recipient"], name="reminder_sent_once"),
        ]
        indexes = [models.Index(fields=["recipient", "dismissed_at", "sent_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} ({self.sent_at:%d %b %Y})"


class ReminderPreference(TimeStampedModel):
    """Whether a person gets one kind of reminder. No row means yes: reminders are on by default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences")
    kind = models.CharField(max_length=40, choices=ReminderKind.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_reminder_preference_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} {'on' if self.enabled else 'off'}"


class TaskRecord(models.Model):
    """What a background task was asked to do and how it went, for the staff task page."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        STARTED = "started", "Running"
        RETRYING = "retrying", "Waiting to retry"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    task_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200, db_index=True)
    # Tasks take ids and plain values only, so these never hold a document or a secret.
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries")
    queued_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="task_finished_after_start",
                condition=Q(finished_at__isnull=True) | Q(started_at__isnull=True)
                | Q(finished_at__gte=models.F("started_at")),
            ),
        ]

    def __str__(self):
        return f"{self.name} [{self.get_state_display()}] {self.task_id}"

    @property
    def seconds(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

"""Reminders the portal sends on a schedule, and who wants which.

The tables are named academy_* (db_table): academy migration 0003 made them, and this app's 0001
takes them over in the migration state only, so no row is copied."""

from django.conf import settings
from django.db import models

from academy.models import TimeStampedModel


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
        db_table = "academy_sentreminder"
        indexes = [models.Index(fields=["recipient", "dismissed_at", "sent_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} ({self.sent_at:%d %b %Y})"


class ReminderPreference(TimeStampedModel):
    """Whether a person gets one kind of reminder. No row means yes: reminders are on by default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences")
    kind = models.CharField(max_length=40, choices=ReminderKind.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        db_table = "academy_reminderpreference"
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_reminder_preference_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} {'on' if self.enabled else 'off'}"

"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly, in-process (the laptop demo)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic tasks; django-celery-beat's DatabaseScheduler loads these and lets staff adjust them.
app.conf.beat_schedule = {
    # Hourly, so a reminder due today goes out soon after the record that makes it due; each
    # reminder is sent once (SentReminder's unique key), so reruns send nothing new.
    "send-due-reminders": {
        "task": "academy.tasks.reminders_send_due_task",
        "schedule": crontab(minute=5),
        "options": {"expires": 50 * 60},
    },
}

# UK GDPR retention rules (learners.gdpr.retention_apply), nightly at 02:30. The entry keeps its
# name, so the DatabaseScheduler updates its stored periodic task to the task's new home.
app.conf.beat_schedule["apply-retention-rules"] = {
    "task": "learners.tasks.retention_apply_task",
    "schedule": crontab(hour=2, minute=30),
    "options": {"expires": 6 * 60 * 60},
}

# The partner dashboard's unfiltered figures take seconds to aggregate at regional size; recompute
# them every 5 minutes, inside the 10 minutes they are cached for (IMPACT_FIGURES_CACHE_SECONDS).
app.conf.beat_schedule["warm-dashboard-figures"] = {
    "task": "impact.dashboard_figures_warm",
    "schedule": crontab(minute="*/5"),
    "options": {"expires": 4 * 60},
}

# Accepted placements whose start date has come move their learner to "On placement"
# (placements.starts), early each morning so the board is right when staff arrive.
app.conf.beat_schedule["start-due-placements"] = {
    "task": "placements.tasks.placements_start_due_task",
    "schedule": crontab(hour=0, minute=15),
    "options": {"expires": 6 * 60 * 60},
}

# Uploaded spreadsheets (imports.ImportBatch) hold personal data: deleted a day after upload.
app.conf.beat_schedule["delete-expired-imports"] = {
    "task": "imports.tasks.import_batches_delete_expired_task",
    "schedule": crontab(minute=35),
    "options": {"expires": 50 * 60},
}

# Expired sessions can sign no one in, but each row names its user: deleted nightly.
app.conf.beat_schedule["clear-expired-sessions"] = {
    "task": "academy.tasks.sessions_clear_expired_task",
    "schedule": crontab(hour=3, minute=10),
    "options": {"expires": 6 * 60 * 60},
}

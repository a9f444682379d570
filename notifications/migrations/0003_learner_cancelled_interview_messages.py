"""The messages sent when a learner cancels their own interview: their confirmation, and the employer's
"slot free again". Their first wording (notifications.events) is seeded for staff to change; only
missing templates are made, so staff's wording is never overwritten."""

from django.db import migrations, models

EVENT_KEYS = ("interview_cancelled_by_learner", "interview_slot_freed")


def seed(apps, schema_editor):
    from notifications.events import EVENTS_BY_KEY

    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for key in EVENT_KEYS:
        event = EVENTS_BY_KEY[key]
        MessageTemplate.objects.get_or_create(event=event.key, channel="email", defaults={
            "subject": event.email_subject, "body": event.email_body})
        MessageTemplate.objects.get_or_create(event=event.key, channel="text", defaults={
            "subject": "", "body": event.text_body})


EVENT_CHOICES = [
    ("welcome", "Welcome to a new applicant (their first message)"), ("application_received", "Application received"),
    ("screening_decided", "Screening decided"), ("placement_confirmed", "Placement confirmed"),
    ("interview_booked", "Interview booked"), ("interview_moved", "Interview moved"),
    ("interview_cancelled", "Interview cancelled"),
    ("interview_cancelled_by_learner", "Interview cancelled by the learner (their confirmation)"),
    ("interview_slot_freed", "Interview slot free again (to the employer, when a learner cancels)"),
    ("offer_recorded", "Job offer recorded"), ("personnel_file_released", "Personnel file released to the employer"),
]


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_seed_message_templates")]

    operations = [
        migrations.AlterField(model_name="messagetemplate", name="event",
                              field=models.CharField(choices=EVENT_CHOICES, max_length=40)),
        migrations.AlterField(model_name="notification", name="event",
                              field=models.CharField(choices=EVENT_CHOICES, max_length=40)),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]

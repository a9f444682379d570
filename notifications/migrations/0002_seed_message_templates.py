"""The first wording of every message, in plain, friendly English (notifications.events), for staff
to change. Only missing templates are made, so staff's wording is never overwritten."""

from django.db import migrations


def seed(apps, schema_editor):
    from notifications.events import EVENTS

    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for event in EVENTS:
        MessageTemplate.objects.get_or_create(event=event.key, channel="email", defaults={
            "subject": event.email_subject, "body": event.email_body})
        MessageTemplate.objects.get_or_create(event=event.key, channel="text", defaults={
            "subject": "", "body": event.text_body})


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_message_templates_and_outbox")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

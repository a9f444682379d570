from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('academy', '0004_encrypt_mfa_secrets'),
    ]

    # The reminder models moved to the reminders app (reminders 0001) with their tables: only the
    # migration state changes here, the tables and their rows stay.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='sentreminder',
                    name='recipient',
                ),
                migrations.DeleteModel(
                    name='ReminderPreference',
                ),
                migrations.DeleteModel(
                    name='SentReminder',
                ),
            ],
            database_operations=[],
        ),
    ]

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('academy', '0005_reminder_models_to_reminders_app'),
    ]

    # The models come from the academy app with their tables (db_table), which academy 0003 created:
    # only the migration state is made here.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReminderPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('kind', models.CharField(choices=[('interview_tomorrow', 'Interview tomorrow'), ('placement_starting', 'Placement starting soon'), ('checks_outstanding', 'References or DBS still outstanding near the end of a course'), ('dbs_recheck_due', 'DBS update-service re-check due'), ('follow_up_survey', 'Follow-up survey after starting work'), ('vacancy_closing', 'Vacancy closing with ring-fenced places still free')], max_length=40)),
                        ('enabled', models.BooleanField(default=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_preferences', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'academy_reminderpreference',
                        'ordering': ['user', 'kind'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'kind'), name='one_reminder_preference_per_kind')],
                    },
                ),
                migrations.CreateModel(
                    name='SentReminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('interview_tomorrow', 'Interview tomorrow'), ('placement_starting', 'Placement starting soon'), ('checks_outstanding', 'References or DBS still outstanding near the end of a course'), ('dbs_recheck_due', 'DBS update-service re-check due'), ('follow_up_survey', 'Follow-up survey after starting work'), ('vacancy_closing', 'Vacancy closing with ring-fenced places still free')], max_length=40)),
                        ('object_key', models.CharField(max_length=80)),
                        ('subject', models.CharField(max_length=200)),
                        ('body', models.TextField()),
                        ('link', models.CharField(blank=True, max_length=300)),
                        ('sent_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('emailed', models.BooleanField(default=False)),
                        ('dismissed_at', models.DateTimeField(blank=True, null=True)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'academy_sentreminder',
                        'ordering': ['-sent_at', '-pk'],
                        'indexes': [models.Index(fields=['recipient', 'dismissed_at', 'sent_at'], name='academy_sen_recipie_a77011_idx')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'object_key', 'recipient'), name='reminder_sent_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Separate from 0004: on PostgreSQL a table cannot be altered in the transaction that just updated it."""

    dependencies = [
        ("learners", "0008_consent_on_paper"),
        ("placements", "0004_offers_outside_the_portal_and_feedback"),
    ]

    operations = [
        migrations.AlterField(
            model_name="joboffer",
            name="application",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="job_offers",
                                    to="learners.application"),
        ),
    ]

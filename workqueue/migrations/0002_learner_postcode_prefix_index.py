"""Learner search by postcode matches the start of the postcode without spaces, in capitals
(learners.selectors_workqueue.PostcodeCompact): a btree index on that very expression, with
text_pattern_ops so a prefix LIKE can use it whatever the database's collation. PostgreSQL only;
SQLite in development and tests reads every row."""

from django.db import migrations

INDEX = "learners_learner_postcode_compact_prefix"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("workqueue", "0001_learner_name_trigram_index")]

    operations = [
        migrations.RunPython(
            _on_postgresql(f"CREATE INDEX IF NOT EXISTS {INDEX} ON learners_learner "
                           "(upper(replace(postcode, ' ', '')) text_pattern_ops)"),
            _on_postgresql(f"DROP INDEX IF EXISTS {INDEX}"),
        ),
    ]

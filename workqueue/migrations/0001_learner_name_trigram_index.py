"""Learner search by name tolerates typos and partial names with PostgreSQL's pg_trgm: the extension,
and a GIN trigram index on "first name last name" (the expression learners.selectors_workqueue.FullName
writes, so the planner can use it). Both only on PostgreSQL (TrigramExtension does nothing elsewhere);
other databases (SQLite in development and tests) search with a plain "contains"."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "learners_learner_full_name_trgm"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("learners", "0006_learner_preferred_name_address")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(
            _on_postgresql(f"CREATE INDEX IF NOT EXISTS {INDEX} ON learners_learner "
                           "USING gin ((first_name || ' ' || last_name) gin_trgm_ops)"),
            _on_postgresql(f"DROP INDEX IF EXISTS {INDEX}"),
        ),
    ]

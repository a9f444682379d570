from django.db import migrations

INDEX = "vacancies_vacancy_open_search"


def create_index(apps, schema_editor):
    """On PostgreSQL, a covering index of the open vacancies' closing dates and search text: the guide's
    count of matches then reads only this index (an index-only scan), not a table page per vacancy.
    SQLite (the demo and the quick tests) has no covering indexes and needs none at its size."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON vacancies_vacancy (closing_date) INCLUDE (search_text) "
            "WHERE status = 'open'")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("vacancies", "0003_vacancy_search_text_client_groups"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]

from django.db import migrations
from django.db.models import Aggregate, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat, Lower


class JoinedText(Aggregate):
    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def fill_search_text(apps, schema_editor):
    """The text vacancies.search.search_text_expression builds, now with the client groups' names, for the
    vacancies already there."""
    Vacancy = apps.get_model("vacancies", "Vacancy")

    def name_of(model, field):
        return Subquery(apps.get_model("providers", model).objects.filter(pk=OuterRef(field)).values("name")[:1])

    separator = Value("\n")
    groups = Subquery(Vacancy.client_groups.through.objects.filter(vacancy_id=OuterRef("pk")).order_by()
                      .values("vacancy_id").annotate(names=JoinedText("clientgroup__name", separator))
                      .values("names"))
    Vacancy.objects.update(search_text=Lower(Concat(
        "role_title", separator, "summary", separator, name_of("Provider", "provider_id"), separator,
        name_of("Site", "site_id"), separator, name_of("CareSetting", "setting_id"), separator, groups,
        output_field=TextField())))


class Migration(migrations.Migration):

    dependencies = [
        ("vacancies", "0002_vacancy_search_text"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]

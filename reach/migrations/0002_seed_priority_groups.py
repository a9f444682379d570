"""The priority groups most academies set out to reach; staff can rename, add or retire them."""

from django.db import migrations

GROUPS = [
    ("care-leaver", "Care leaver", "Was in local authority care as a child."),
    ("armed-forces-veteran", "Armed forces veteran", "Has served in the UK armed forces."),
    ("carer-returning", "Carer returning to work", "Returning to work after caring for a family member."),
    ("most-deprived-area", "Lives in one of the most deprived areas",
     "Home postcode is in the 20% most deprived areas (Index of Multiple Deprivation), as recorded by staff "
     "or the learner."),
    ("neet-under-25", "Not in education, employment or training, under 25",
     "Aged 16 to 24 and not in education, employment or training."),
    ("over-50", "Over 50", "Aged 50 or over."),
    ("long-term-unemployed", "Long-term unemployed", "Out of work for 12 months or more."),
    ("disabled", "Disabled", "Has a disability or long-term health condition."),
]


def seed(apps, schema_editor):
    PriorityGroup = apps.get_model("reach", "PriorityGroup")
    for order, (slug, name, description) in enumerate(GROUPS, start=1):
        PriorityGroup.objects.get_or_create(slug=slug, defaults={"name": name, "description": description,
                                                                 "order": order})


def unseed(apps, schema_editor):
    apps.get_model("reach", "PriorityGroup").objects.filter(slug__in=[g[0] for g in GROUPS],
                                                            members__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reach", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

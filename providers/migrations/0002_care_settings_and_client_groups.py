from django.db import migrations

CARE_SETTINGS = [
    ("residential", "Residential care home"),
    ("nursing", "Nursing home"),
    ("domiciliary", "Home care (domiciliary)"),
    ("supported-living", "Supported living"),
    ("day-services", "Day services"),
    ("personal-assistant", "Personal assistant employer"),
    ("nhs", "NHS"),
]
CLIENT_GROUPS = [
    ("older-people", "Older people"),
    ("dementia", "People living with dementia"),
    ("learning-disability", "Learning disability and autism"),
    ("mental-health", "Mental health"),
    ("physical-disability", "Physical disability"),
]


def seed(apps, schema_editor):
    CareSetting = apps.get_model("providers", "CareSetting")
    ClientGroup = apps.get_model("providers", "ClientGroup")
    for code, name in CARE_SETTINGS:
        CareSetting.objects.update_or_create(code=code, defaults={"name": name})
    for code, name in CLIENT_GROUPS:
        ClientGroup.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

from django.db import migrations


def load(apps, schema_editor):
    from placements.postcodes import load_postcode_districts

    load_postcode_districts(apps.get_model("placements", "PostcodeDistrict"))


def unload(apps, schema_editor):
    apps.get_model("placements", "PostcodeDistrict").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [("placements", "0002_initial")]

    operations = [migrations.RunPython(load, unload)]

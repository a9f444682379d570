"""Stores learners' and enquiries' phone numbers in one format, E.164 (+441253477000), as the forms now do.
A number libphonenumber cannot read as a valid one is left as it was, for staff to correct. The
"economically inactive" situation is labelled in plain words."""

import phonenumbers
from django.db import migrations, models


def _e164(value):
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone_numbers(apps, schema_editor):
    for model_name in ("Learner", "Enquiry"):
        model = apps.get_model("learners", model_name)
        for pk, phone in model.objects.exclude(phone="").values_list("pk", "phone").iterator():
            stored = _e164(phone)
            if stored and stored != phone:
                model.objects.filter(pk=pk).update(phone=stored)


class Migration(migrations.Migration):
    dependencies = [("learners", "0008_consent_on_paper")]

    operations = [
        migrations.RunPython(normalise_phone_numbers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="learner",
            name="situation",
            field=models.CharField(choices=[
                ("unemployed", "Unemployed"),
                ("inactive", "Not working, and not looking for work until now (for example because of health)"),
                ("career_changer", "Employed, looking for a career change"),
                ("carer_returning", "Returning after caring for family"),
                ("student", "In education"), ("other", "Other"),
            ], default="unemployed", max_length=20),
        ),
    ]

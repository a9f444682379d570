"""Stores learners' and enquiries' phone numbers in one format, E.164 (+441253477000), as the forms now do.
A number libphonenumber cannot read as a valid one is left as it was, for staff to correct."""

import phonenumbers
from django.db import migrations


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
    dependencies = [("learners", "0006_learner_preferred_name_address")]

    operations = [migrations.RunPython(normalise_phone_numbers, migrations.RunPython.noop)]

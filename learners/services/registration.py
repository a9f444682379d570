"""Staff record a learner the academy knows of but who has no portal account yet (from a spreadsheet
of a partner's referrals, say). The learner can be given an account later; until then staff hold the record."""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from academy.dates import not_in_future
from academy.phones import normalise_uk_phone
from learners.models import Enquiry, Learner
from learners.postcodes import normalise_uk_postcode


@transaction.atomic
def learner_record(*, first_name: str, last_name: str, postcode: str, locality, email: str = "",
                   phone: str = "", date_of_birth: datetime.date | None = None) -> Learner:
    """Creates a learner without an account, with the rules of the application form: a full UK postcode,
    a phone number with its area code, a date of birth not in the future; and an email address or a phone
    number, so the academy can reach them. Enquiries made with the same email address are linked to the
    learner, as when someone applies online."""
    errors = {}
    if not (email or "").strip() and not (phone or "").strip():
        errors[NON_FIELD_ERRORS] = ["Give an email address or a phone number so the academy can reach them."]
    try:
        postcode = normalise_uk_postcode(postcode or "")
    except ValidationError as exc:
        errors["postcode"] = exc.messages
    try:
        phone = normalise_uk_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    try:
        not_in_future(date_of_birth, "The date of birth", field="date_of_birth")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    email = email.strip().lower()
    learner = Learner(first_name=first_name.strip(), last_name=last_name.strip(), email=email,
                      phone=phone, postcode=postcode, locality=locality, date_of_birth=date_of_birth,
                      contact_preference=Learner.contact_preference_for(email=email, phone=phone))
    try:
        learner.full_clean(exclude=list(errors))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:  # every problem at once, so a spreadsheet row is fixed in one go
        raise ValidationError(errors)
    learner.save()
    if learner.email:  # a blank address would match every enquiry taken without one
        Enquiry.objects.filter(email__iexact=learner.email, learner__isnull=True).update(learner=learner)
    return learner

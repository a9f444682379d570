"""Consent given on a signed paper form, recorded by staff on the learner's behalf.

Some learners sign the consent form on paper (at enrolment, at a community venue, without a device).
Staff record it: who recorded it and when (the audit log and ConsentRecord.recorded_by), the day it
was signed (given_at), and which version of the wording was on the form, whose exact words are kept.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.dates import not_in_future
from academy.services import audit_record

from .models import ConsentRecord, Learner
from .services.consent import PERSONNEL_FILE_CONSENT_WORDING

# Every version of the personnel-file consent wording a paper form may carry: version -> exact words.
# The newest is the wording the portal shows online. A new wording gets a new version here.
PAPER_CONSENT_WORDINGS = {
    "2026-01": PERSONNEL_FILE_CONSENT_WORDING,
}
CURRENT_WORDING_VERSION = "2026-01"


@transaction.atomic
def consent_record_from_paper(*, learner: Learner, by, signed_on: datetime.date, wording_version: str,
                              request=None) -> ConsentRecord:
    """Records the consent the learner signed on paper. Refused if one is already live, if the wording
    version is unknown, or if the date is in the future or before the learner's record existed."""
    if wording_version not in PAPER_CONSENT_WORDINGS:
        raise ValidationError({"wording_version": "Choose the version printed on the signed form."})
    if signed_on is None:
        raise ValidationError({"signed_on": "Enter the date the form was signed."})
    not_in_future(signed_on, "The date the form was signed", field="signed_on")
    if learner.consents.filter(purpose=ConsentRecord.Purpose.PERSONNEL_FILE, withdrawn_at__isnull=True).exists():
        raise ValidationError(f"{learner.full_name}'s consent is already recorded and has not been withdrawn.",
                              code="already_given")
    given_at = min(timezone.now(), timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12))))
    consent = ConsentRecord(learner=learner, wording=PAPER_CONSENT_WORDINGS[wording_version], given_at=given_at,
                            recorded_by=by, on_paper=True, wording_version=wording_version)
    consent.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError:
        raise ValidationError(f"{learner.full_name}'s consent is already recorded.", code="already_given") from None
    audit_record(action="consent.recorded_from_paper", actor=by, request=request, obj=consent,
                 learner_id=learner.pk, note=f"wording {wording_version}, signed {signed_on.isoformat()}")
    return consent

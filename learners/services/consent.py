"""The learner's explicit consent to share their personnel file, given and withdrawn."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from learners.models import (
    Application,
    ConsentRecord,
    Learner,
)

# The exact words shown to the learner and kept with their consent.
PERSONNEL_FILE_CONSENT_WORDING = (
    "I agree that the Care Academy may prepare a personnel file about me (my training record, "
    "qualifications, references, right-to-work check and the outcome of my DBS check) and share it "
    "with a care employer who offers me a job, so that I can start work sooner. I understand that I "
    "can withdraw this consent at any time from my page, and that the academy will then stop sharing it."
)


@transaction.atomic
def consent_give(*, learner: Learner, by, application: Application | None = None,
                 wording: str = PERSONNEL_FILE_CONSENT_WORDING, at=None) -> ConsentRecord:
    """Records explicit consent with the exact wording and time. A live consent is not duplicated."""
    live = learner.consents.filter(purpose=ConsentRecord.Purpose.PERSONNEL_FILE, withdrawn_at__isnull=True).first()
    if live:
        return live
    if not wording.strip():
        raise ValidationError("Consent needs the words the learner agreed to.", code="no_wording")
    consent = ConsentRecord(learner=learner, application=application, wording=wording,
                            given_at=at or timezone.now(), recorded_by=by)
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: ConsentRecord, by, at=None) -> ConsentRecord:
    """Withdraws a consent: from then on learner_has_sharing_consent() is False and sharing stops."""
    consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError("This consent has already been withdrawn.", code="already_withdrawn")
    consent.withdrawn_at = at or timezone.now()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_at", "updated_at"])
    return consent

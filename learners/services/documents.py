"""References, right-to-work checks and employment history, as staff first record them."""

import datetime

from django.db import transaction

from academy.dates import not_in_future
from academy.uploads import validate_upload
from learners.models import (
    EmploymentHistoryEntry,
    Learner,
    Reference,
    RightToWorkCheck,
)


def reference_request(*, learner: Learner, by, referee_name: str, relationship: str, requested_on: datetime.date,
                      referee_email: str = "") -> Reference:
    reference = Reference(learner=learner, referee_name=referee_name, relationship=relationship,
                          referee_email=referee_email, requested_on=requested_on)
    reference.full_clean()
    reference.save()
    return reference


def reference_mark_received(*, reference: Reference, by, received_on: datetime.date) -> Reference:
    """Marks a reference received; it cannot arrive before it was asked for, nor in the future."""
    not_in_future(received_on, "The date received")
    reference.received_on = received_on
    reference.full_clean()
    reference.save()
    return reference


@transaction.atomic
def right_to_work_record(*, learner: Learner, by, document_type: str, checked_on: datetime.date,
                         expires_on: datetime.date | None = None, image=None) -> RightToWorkCheck:
    """Records a right-to-work check. The optional image must really be a PDF, JPEG or PNG within the size limit."""
    not_in_future(checked_on, "The check date")
    check = RightToWorkCheck(learner=learner, document_type=document_type, checked_on=checked_on, checked_by=by,
                             expires_on=expires_on)
    if image:
        kind = validate_upload(image)
        check.image = image
        check.image_content_type = kind.content_type
    check.full_clean()
    check.save()
    return check


def employment_history_add(*, learner: Learner, by, employer: str, role: str, started_on: datetime.date,
                           ended_on: datetime.date | None = None,
                           reason_for_leaving: str = "") -> EmploymentHistoryEntry:
    entry = EmploymentHistoryEntry(learner=learner, employer=employer, role=role, started_on=started_on,
                                   ended_on=ended_on, reason_for_leaving=reason_for_leaving)
    entry.full_clean()
    entry.save()
    return entry

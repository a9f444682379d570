"""Changes to what the academy holds about a learner after it was first recorded: the learner's own
details, and staff corrections of references, right-to-work checks and employment history. Each
change is audited by field name (never the values) and rebuilds a ready personnel file."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from academy.dates import not_in_future
from academy.phones import normalise_uk_phone
from academy.services import audit_record
from academy.uploads import validate_upload
from learners.models import (
    EmploymentHistoryEntry,
    Learner,
    Reference,
    RightToWorkCheck,
)
from learners.postcodes import normalise_uk_postcode
from learners.validators import validate_contact_preference

# --- The learner's own details -------------------------------------------------------------------

# What a learner may change themselves from /learners/me/details/. Their name, email, date of birth and
# locality are the academy's record of who they are: staff change those.
LEARNER_SELF_EDITABLE_FIELDS = (
    "preferred_name", "phone", "address", "postcode", "cannot_work_nights", "cannot_work_sleep_ins",
    "cannot_work_weekends", "drives", "needs_childcare_support", "needs_travel_support",
    "needs_interview_clothing", "other_barriers", "contact_preference",
)
# The learner's details printed in the personnel file (learners/personnel/context.py): a change rebuilds it.
PERSONNEL_FILE_DETAIL_FIELDS = {"phone", "postcode"}


def _apply_changes(record, fields: dict) -> list[str]:
    """Sets the fields on the record (unsaved) and returns the names of those whose value changed."""
    changed = [name for name, value in fields.items() if getattr(record, name) != value]
    for name, value in fields.items():
        setattr(record, name, value)
    return changed


def _personnel_file_refresh(*, learner: Learner, by) -> None:
    from learners.personnel.services import personnel_file_refresh_after_change

    personnel_file_refresh_after_change(learner=learner, by=by)


def _check_phone(phone: str) -> str:
    """The number in E.164 (academy.phones), or a ValidationError on the phone field."""
    try:
        return normalise_uk_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}, code="bad_phone") from exc


@transaction.atomic
def learner_details_update(*, learner: Learner, by, preferred_settings=None, preferred_client_groups=None,
                           request=None, **fields) -> list[str]:
    """The learner changes their own contact details and work preferences. Returns the names of what changed.

    Only the learner's own account may, and only the fields in LEARNER_SELF_EDITABLE_FIELDS. The postcode
    must be a full UK postcode, as on the application form; a phone number needs 10 to 15 digits. Each
    change is audited by field name (never the values); a ready personnel file showing a changed detail
    is rebuilt. Saving with nothing changed records nothing.
    """
    unknown = set(fields) - set(LEARNER_SELF_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not the learner's to change: {sorted(unknown)}")
    if by is None or learner.user_id is None or learner.user_id != by.pk:
        raise PermissionDenied("Only the learner can change their own details here.")
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    if "postcode" in fields:
        try:
            fields["postcode"] = normalise_uk_postcode(fields["postcode"])
        except ValidationError as exc:
            raise ValidationError({"postcode": exc.messages}, code="bad_postcode") from exc
    if "phone" in fields:
        fields["phone"] = _check_phone(fields["phone"] or "")
    for name in ("preferred_name", "address", "other_barriers"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    changed = _apply_changes(learner, fields)
    if "contact_preference" in fields or "phone" in fields:
        validate_contact_preference(preference=learner.contact_preference, email=learner.email, phone=learner.phone)
    learner.full_clean()
    learner.save()
    for name, chosen in (("preferred_settings", preferred_settings),
                         ("preferred_client_groups", preferred_client_groups)):
        if chosen is None:
            continue
        manager = getattr(learner, name)
        if set(manager.values_list("pk", flat=True)) != {item.pk for item in chosen}:
            manager.set(chosen)
            changed.append(name)
    if changed:
        audit_record(action="learner.details_update", actor=by, request=request, obj=learner,
                     learner_id=learner.pk, note=f"changed: {', '.join(changed)}")
        if PERSONNEL_FILE_DETAIL_FIELDS & set(changed):
            _personnel_file_refresh(learner=learner, by=by)
    return changed


# --- Staff correct or remove a document record ---------------------------------------------------
#
# References, right-to-work checks and employment history are added by staff; a wrongly entered one is
# corrected or removed here. Only staff who can work on the learner may (learners.permissions). Each
# change is audited by record type, id and the names of the fields changed, never their content, and a
# ready personnel file is rebuilt so it does not keep showing what was corrected.


def _check_may_change_records(by, learner: Learner) -> None:
    from learners.permissions import can_change_learner_records

    if by is None or not can_change_learner_records(by, learner):
        raise PermissionDenied("Only academy staff who work with this learner can change their records.")


def _locked_for_change(model, record, by):
    """The record, locked for the change and with its learner, if `by` may change that learner's records."""
    record = model.objects.select_for_update(of=("self",)).select_related("learner").get(pk=record.pk)
    _check_may_change_records(by, record.learner)
    return record


def _save_correction(record, changed: list[str], *, action: str, by, request=None) -> None:
    """Validates the corrected record; if anything changed, saves it, audits which fields changed (not their
    values) and refreshes a ready personnel file."""
    record.full_clean()
    if changed:
        record.save()
        audit_record(action=action, actor=by, request=request, obj=record, learner_id=record.learner_id,
                     note=f"changed: {', '.join(changed)}")
        _personnel_file_refresh(learner=record.learner, by=by)


def _remove_record(record, *, action: str, by, request=None) -> None:
    # Audited before the delete, while the record still has its id.
    audit_record(action=action, actor=by, request=request, obj=record, learner_id=record.learner_id, note="removed")
    record.delete()
    _personnel_file_refresh(learner=record.learner, by=by)


@transaction.atomic
def reference_correct(*, reference: Reference, by, referee_name: str, relationship: str,
                      requested_on: datetime.date, referee_email: str = "",
                      received_on: datetime.date | None = None, request=None) -> Reference:
    """Corrects a reference's details. Neither date may be in the future; it cannot be received before it
    was requested. Clearing the received date marks it outstanding again."""
    reference = _locked_for_change(Reference, reference, by)
    not_in_future(requested_on, "The date requested", field="requested_on")
    not_in_future(received_on, "The date received", field="received_on")
    if received_on and requested_on and received_on < requested_on:
        raise ValidationError({"received_on": "The date received cannot be before the date it was requested."},
                              code="received_before_requested")
    changed = _apply_changes(reference, {
        "referee_name": referee_name, "relationship": relationship, "referee_email": referee_email,
        "requested_on": requested_on, "received_on": received_on,
    })
    _save_correction(reference, changed, action="reference.correct", by=by, request=request)
    return reference


@transaction.atomic
def reference_remove(*, reference: Reference, by, request=None) -> None:
    """Removes a reference entered by mistake."""
    _remove_record(_locked_for_change(Reference, reference, by), action="reference.remove", by=by, request=request)


def _delete_stored_file_after_commit(storage, name: str) -> None:
    # After commit: a rolled-back change must not lose the document it still points at.
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def right_to_work_correct(*, check: RightToWorkCheck, by, document_type: str, checked_on: datetime.date,
                          expires_on: datetime.date | None = None, image=None, remove_image: bool = False,
                          request=None) -> RightToWorkCheck:
    """Corrects a right-to-work check. The check date cannot be in the future. A new image (a real PDF,
    JPEG or PNG within the size limit) replaces the old one; `remove_image` removes it. A replaced or
    removed image is deleted from storage once the change is committed."""
    check = _locked_for_change(RightToWorkCheck, check, by)
    not_in_future(checked_on, "The check date", field="checked_on")
    changed = _apply_changes(check, {"document_type": document_type, "checked_on": checked_on,
                                     "expires_on": expires_on})
    old_image = check.image.name or ""
    if image:
        try:
            kind = validate_upload(image)
        except ValidationError as exc:
            raise ValidationError({"image": exc.messages}, code="bad_upload") from exc
        check.image = image
        check.image_content_type = kind.content_type
        changed.append("image replaced" if old_image else "image added")
    elif remove_image and old_image:
        check.image = ""
        check.image_content_type = ""
        changed.append("image removed")
    else:
        old_image = ""  # the stored image stays
    _delete_stored_file_after_commit(check.image.storage, old_image)  # runs only if the change commits
    _save_correction(check, changed, action="right_to_work.correct", by=by, request=request)
    return check


@transaction.atomic
def right_to_work_remove(*, check: RightToWorkCheck, by, request=None) -> None:
    """Removes a right-to-work check entered by mistake, and its document image from storage."""
    check = _locked_for_change(RightToWorkCheck, check, by)
    _delete_stored_file_after_commit(check.image.storage, check.image.name or "")  # runs only if the change commits
    _remove_record(check, action="right_to_work.remove", by=by, request=request)


@transaction.atomic
def employment_history_correct(*, entry: EmploymentHistoryEntry, by, employer: str, role: str,
                               started_on: datetime.date, ended_on: datetime.date | None = None,
                               reason_for_leaving: str = "", request=None) -> EmploymentHistoryEntry:
    """Corrects a job in the learner's employment history. It cannot end before it started."""
    entry = _locked_for_change(EmploymentHistoryEntry, entry, by)
    if started_on and ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": "The end date must be after the start date."}, code="ends_before_start")
    changed = _apply_changes(entry, {"employer": employer, "role": role, "started_on": started_on,
                                     "ended_on": ended_on, "reason_for_leaving": reason_for_leaving})
    _save_correction(entry, changed, action="employment_history.correct", by=by, request=request)
    return entry


@transaction.atomic
def employment_history_remove(*, entry: EmploymentHistoryEntry, by, request=None) -> None:
    """Removes a job entered by mistake from the learner's employment history."""
    _remove_record(_locked_for_change(EmploymentHistoryEntry, entry, by), action="employment_history.remove", by=by,
                   request=request)

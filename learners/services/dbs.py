"""DBS checks: every status change goes through `dbs_check_transition`, which follows
learners.models.DBS_TRANSITIONS."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from academy.dates import not_in_future
from learners.models import (
    DBS_BACKWARD_STEPS,
    DBS_TRANSITIONS,
    DbsCheck,
    DbsEvent,
    DbsStatusCheck,
    Learner,
)
from learners.services.applications import TransitionNotAllowed

Dbs = DbsCheck.Status
UPDATE_SERVICE_LEVELS = {
    DbsCheck.Level.STANDARD, DbsCheck.Level.ENHANCED, DbsCheck.Level.ENHANCED_ADULTS,
    DbsCheck.Level.ENHANCED_CHILDREN, DbsCheck.Level.ENHANCED_BOTH,
}
UPDATE_SERVICE_DAYS = 30


@transaction.atomic
def dbs_check_create(*, learner: Learner, by, level: str, workforce: str = DbsCheck.Workforce.ADULT,
                     position: str = "Care worker", status: str = Dbs.NOT_STARTED, at=None) -> DbsCheck:
    """Records a DBS check, either not started yet or with the application form already sent."""
    if status not in (Dbs.NOT_STARTED, Dbs.FORM_SENT):
        raise ValidationError({"status": "A new DBS check is either not started yet or has its form sent."})
    check = DbsCheck(learner=learner, level=level, workforce=workforce, position=position, status=status,
                     status_changed_at=at or timezone.now())
    check.full_clean()
    check.save()
    DbsEvent.objects.create(dbs_check=check, from_status="", to_status=check.status, at=check.status_changed_at,
                            by=by)
    return check


@transaction.atomic
def dbs_check_transition(*, dbs_check: DbsCheck, to_status: str, by, at=None, certificate_number: str = "",
                         certificate_issued_on: datetime.date | None = None, content: str = "",
                         disclosure_discussed_on: datetime.date | None = None,
                         subscribed_on: datetime.date | None = None,
                         status_check_consent_on: datetime.date | None = None, note: str = "",
                         confirm_backward: bool = False) -> DbsCheck:
    """Moves a DBS check on, refusing jumps the process does not allow (e.g. a certificate before submission).

    - certificate issued: needs the certificate number, its issue date and the content: 'clear' or
      'information disclosed' with the date it was discussed. Nothing else about the content is kept.
    - update service: standard and enhanced checks only, subscribed within 30 days of the certificate's
      issue date, with the learner's consent to status checks.
    """
    check = DbsCheck.objects.select_for_update(of=("self",)).select_related("learner").get(pk=dbs_check.pk)
    current = check.status
    if to_status not in DBS_TRANSITIONS[current]:
        raise TransitionNotAllowed(
            f"A DBS check cannot go from “{Dbs(current).label}” to “{Dbs(to_status).label}”.",
            code="dbs_transition_not_allowed",
        )
    if (current, to_status) in DBS_BACKWARD_STEPS and not confirm_backward:
        raise ValidationError({"confirm_backward": (
            f"Moving back to “{Dbs(to_status).label}” undoes progress: tick the box to confirm it.")})
    today = timezone.localdate()
    if to_status == Dbs.CERTIFICATE_ISSUED:
        number = (certificate_number or "").strip()
        if not (number.isascii() and number.isdigit() and len(number) == 12):
            raise ValidationError("A DBS certificate number is 12 digits.", code="bad_certificate_number")
        if certificate_issued_on is None or certificate_issued_on > today:
            raise ValidationError("Give the certificate's issue date (not in the future).", code="bad_issue_date")
        if content not in (DbsCheck.Content.CLEAR, DbsCheck.Content.DISCLOSED):
            raise ValidationError("Say whether the certificate is clear or has information disclosed.",
                                  code="no_content")
        if content == DbsCheck.Content.DISCLOSED and disclosure_discussed_on is None:
            raise ValidationError("Give the date the disclosed information was discussed with the learner.",
                                  code="no_discussion_date")
        check.certificate_number = number
        check.certificate_issued_on = certificate_issued_on
        check.content = content
        check.disclosure_discussed_on = disclosure_discussed_on if content == DbsCheck.Content.DISCLOSED else None
    elif to_status == Dbs.UPDATE_SERVICE:
        if check.level not in UPDATE_SERVICE_LEVELS:
            raise ValidationError("The DBS update service covers standard and enhanced checks only.",
                                  code="update_service_level")
        if subscribed_on is None:
            raise ValidationError("Give the date the certificate was subscribed.", code="no_subscription_date")
        if subscribed_on < check.certificate_issued_on or subscribed_on > today:
            raise ValidationError("The subscription date must be between the issue date and today.",
                                  code="bad_subscription_date")
        if (subscribed_on - check.certificate_issued_on).days > UPDATE_SERVICE_DAYS:
            raise ValidationError(
                f"A certificate must be subscribed to the update service within {UPDATE_SERVICE_DAYS} days of its "
                f"issue date ({check.certificate_issued_on:%d %B %Y}). Too late: apply for a new check instead.",
                code="subscription_too_late",
            )
        if status_check_consent_on is None:
            raise ValidationError("Record the date the learner agreed to the academy checking their status.",
                                  code="no_status_check_consent")
        check.update_service_subscribed_on = subscribed_on
        check.status_check_consent_on = status_check_consent_on
    elif to_status == Dbs.FORM_SENT and current == Dbs.NEEDS_RENEWAL:
        # A fresh check: the old certificate's details no longer describe this record.
        check.certificate_number, check.certificate_issued_on = "", None
        check.content, check.disclosure_discussed_on = "", None
        check.update_service_subscribed_on = check.status_check_consent_on = None
        check.decision, check.decision_on, check.decision_by, check.decision_reason = "", None, None, ""
    at = at or timezone.now()
    check.status = to_status
    check.status_changed_at = at
    check.full_clean()
    check.save()
    DbsEvent.objects.create(dbs_check=check, from_status=current, to_status=to_status, at=at, by=by,
                            note=note[:255])
    return check


@transaction.atomic
def dbs_status_check_record(*, dbs_check: DbsCheck, by, checked_on: datetime.date, result: str) -> DbsStatusCheck:
    """Records an update-service status check. Needs a subscription and the learner's consent.

    'Status changed' or 'no active subscription' means the certificate can no longer be relied on:
    the check moves to 'needs renewal'.
    """
    check = DbsCheck.objects.select_for_update().get(pk=dbs_check.pk)
    if check.status != Dbs.UPDATE_SERVICE:
        raise ValidationError("Status checks are only possible for a certificate on the update service.",
                              code="not_subscribed")
    if check.status_check_consent_on is None or checked_on < check.status_check_consent_on:
        raise ValidationError("A status check needs the learner's consent first.", code="no_consent")
    not_in_future(checked_on, "The check date", code="future_check")
    status_check = DbsStatusCheck(dbs_check=check, checked_on=checked_on, result=result, checked_by=by)
    status_check.full_clean()
    status_check.save()
    if result != DbsStatusCheck.Result.NO_CHANGE:
        dbs_check_transition(dbs_check=check, to_status=Dbs.NEEDS_RENEWAL, by=by,
                             note=f"Status check: {DbsStatusCheck.Result(result).label}")
    return status_check


@transaction.atomic
def dbs_decision_record(*, dbs_check: DbsCheck, by, decision: str, decision_on: datetime.date,
                        reason: str = "") -> DbsCheck:
    """Records the recruitment decision once a certificate has been seen. A decision after a disclosure
    must give its reasoning (the code of practice expects a fair, recorded decision)."""
    check = DbsCheck.objects.select_for_update().get(pk=dbs_check.pk)
    if check.status not in (Dbs.CERTIFICATE_ISSUED, Dbs.UPDATE_SERVICE):
        raise ValidationError("A recruitment decision needs a certificate to have been issued.",
                              code="no_certificate")
    if decision not in (DbsCheck.Decision.PROCEED, DbsCheck.Decision.NOT_PROCEED):
        raise ValidationError("Choose proceed or do not proceed.", code="bad_decision")
    if check.content == DbsCheck.Content.DISCLOSED and not reason.strip():
        raise ValidationError("Write down the reasoning for a decision made after a disclosure.",
                              code="no_reason")
    check.decision, check.decision_on, check.decision_by, check.decision_reason = decision, decision_on, by, reason
    check.full_clean()
    check.save()
    return check

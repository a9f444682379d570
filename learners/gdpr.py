"""UK GDPR for learners: subject access export, erasure on request, and scheduled retention rules.

Everything held about a learner is found the same way for export and for erasure: by following
every relation that points at the learner (applications, screening, consent, DBS, references,
right to work, employment history, attendance, qualifications, placements, interviews, offers,
job starts, surveys, ...) and, from those, the records that point at them, a few levels deep.
A new model that refers to a learner is therefore exported and erased without changes here.

Erasure keeps what the aggregate impact figures count (records, stages, transitions, dates,
choices, numbers and links) and removes what identifies a person (names, contact details, date of
birth, the full postcode, free text, uploaded files, the sign-in account, the personnel file, DBS
checks). Stored files are deleted only once the erasure has committed, so a failed erasure loses nothing.

Retention rules run nightly (learners.tasks.retention_apply_task), each learner in its own
transaction: one learner's failure is recorded as a failed task on the staff task page (where
staff can retry it) and the run goes on to the rest.
"""

import datetime
import io
import json
import logging
import uuid
import zipfile
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from academy.models import AuditEvent, TaskRecord
from academy.services import audit_record
from notifications.services import notifications_erase_for

from .models import Application, DbsCheck, DbsEvent, Learner, Stage, StageTransition
from .signals import learner_erased

logger = logging.getLogger(__name__)

ERASED_TEXT = "[erased]"
# How far to follow relations away from the learner (learner -> application -> interview -> offer -> start).
RELATION_DEPTH = 4
# Kept as they are: the audit trail records who did what, by reference only (never the data itself).
NOT_PERSONAL_RECORDS = (AuditEvent,)


def learner_related_records(*, learner: Learner) -> dict[type[models.Model], list[models.Model]]:
    """Every record that refers to the learner, directly or through another of their records."""
    found: dict[type[models.Model], dict[int, models.Model]] = defaultdict(dict)
    frontier: dict[type[models.Model], set] = {Learner: {learner.pk}}
    for _ in range(RELATION_DEPTH):
        next_frontier: dict[type[models.Model], set] = defaultdict(set)
        for model, pks in frontier.items():
            for rel in model._meta.related_objects:
                if rel.many_to_many or not rel.field.concrete:
                    continue
                related = rel.related_model
                if related is Learner or issubclass(related, NOT_PERSONAL_RECORDS):
                    continue
                for obj in related._default_manager.filter(**{f"{rel.field.name}__in": pks}):
                    if obj.pk not in found[related]:
                        found[related][obj.pk] = obj
                        next_frontier[related].add(obj.pk)
        frontier = next_frontier
        if not frontier:
            break
    return {model: list(objs.values()) for model, objs in found.items() if objs}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


# --- Subject access ------------------------------------------------------------------------------

README = """Your data from the Care and Health Career Academy
=================================================

This download holds everything the academy's portal keeps about you, as of {when}.

data.json       Your learner record and every record linked to it, grouped by kind
                (applications and their stages, values screening, consent, DBS check,
                references, right to work, employment history, attendance, qualifications,
                placements, interviews, job offers and starts, surveys and follow-ups).
                Numbers in fields such as "by", "recorded_by" or "provider" refer to the
                staff member or organisation involved; ask us if you want to know who.
files/          Documents you gave us (for example the copy of your right-to-work document).

DBS checks: as the DBS code of practice requires, we never keep a copy of your certificate or
what it says; only whether it was clear and the decision taken.

If anything here is wrong you can ask us to correct it, and you can ask us to erase your data.
Contact the academy team; we answer within one month.
"""


def learner_data_export(*, learner: Learner, by=None, request=None) -> bytes:
    """A ZIP of everything held about the learner (data.json, their uploaded files, README.txt). Audited."""
    user = learner.user
    data = {
        "exported_at": timezone.now().isoformat(),
        "learner": serializers.serialize("python", [learner])[0]["fields"],
        "account": (
            {"email": user.email, "date_joined": user.date_joined, "last_login": user.last_login}
            if user else None
        ),
        "records": {},
    }
    files = []
    for model, objs in sorted(learner_related_records(learner=learner).items(), key=lambda i: _label(i[0])):
        data["records"][_label(model)] = [
            {"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", objs)
        ]
        for field in _file_fields(model):
            files += [getattr(obj, field.name) for obj in objs if getattr(obj, field.name)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        archive.writestr("README.txt", README.format(when=timezone.localtime().strftime("%d %B %Y %H:%M")))
        for index, stored in enumerate(files, start=1):
            try:
                with stored.open("rb") as handle:
                    archive.writestr(f"files/{index}-{stored.name.rsplit('/', 1)[-1]}", handle.read())
            except FileNotFoundError:
                continue
    audit_record(action="learner.data_exported", actor=by, request=request, obj=learner, learner_id=learner.pk)
    return buffer.getvalue()


# --- Erasure -------------------------------------------------------------------------------------

def _postcode_district(postcode: str) -> str:
    """The outward code only ("FY1 4AB" -> "FY1"): enough for district figures, not an address."""
    parts = (postcode or "").strip().upper().split()
    if len(parts) >= 2:
        return parts[0]
    compact = "".join(parts)
    return compact[:-3] if len(compact) > 4 else compact


def _anonymised_values(obj: models.Model) -> tuple[dict, list]:
    """Free text and files blanked; choices, dates, numbers, flags and links kept.

    Returns the changes and the stored files to delete: the caller deletes those only after
    the erasure commits, so a rollback leaves every file where its row says it is.
    """
    changes, files = {}, []
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.choices:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            if value:
                stored = getattr(obj, field.name)
                files.append((stored.storage, stored.name))
                changes[field.attname] = ""
        elif isinstance(field, (models.TextField, models.CharField)) and value and value != ERASED_TEXT:
            fits = not field.max_length or field.max_length >= len(ERASED_TEXT)
            changes[field.attname] = ERASED_TEXT if fits else ""
    return changes, files


def _delete_files_after_commit(files) -> None:
    def delete():
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(delete)


ERASED_LEARNER_SALT = "learners.gdpr.erased-learner"


def erased_learner_pseudonym(*, user_id: int) -> str:
    """The stable pseudonym that replaces an erased learner's email in the audit log and on their
    account: an HMAC of the account's id (keyed by SECRET_KEY), so the trail of one person can still
    be followed without saying who they were."""
    return "erased-learner-" + salted_hmac(ERASED_LEARNER_SALT, str(user_id)).hexdigest()[:16]


def _account_erase(*, user, learner: Learner) -> None:
    """The sign-in account: email pseudonymised, deactivated, no password, no email addresses or
    authenticators, every session ended (allauth's usersessions end the Django session too); the
    audit log's copies of the email and the learner's IP addresses replaced by the pseudonym."""
    from allauth.usersessions.models import UserSession

    pseudonym = erased_learner_pseudonym(user_id=user.pk)
    emails = {e.lower() for e in (user.email, learner.email) if e and not e.endswith("@erased.invalid")}
    email_match = Q()
    for email in emails:
        email_match |= Q(actor_email__iexact=email)
    AuditEvent.objects.filter(Q(actor=user) | email_match).update(actor_email=pseudonym, ip_address=None)
    AuditEvent.objects.filter(learner_id=learner.pk, actor__isnull=True).update(ip_address=None)
    user.email = f"{pseudonym}@erased.invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    for related in ("emailaddress_set", "authenticator_set"):
        manager = getattr(user, related, None)
        if manager is not None:
            manager.all().delete()
    for session in UserSession.objects.filter(user=user):
        session.end()


@transaction.atomic
def learner_erase(*, learner: Learner, by, reason: str, request=None) -> Learner:
    """Erase a learner on request: personal data removed, the facts the impact figures count kept.

    Kept: the learner row (locality, situation, flags), every application, stage transition, date,
    outcome, placement, interview, offer and start. Removed: names (and preferred name), email, phone,
    address, date of birth, the postcode beyond its district, all free text, uploaded files, the DBS
    checks (criminal-offence data the figures never count: no level, content or date stays beside the
    district), the personnel file (withdrawn, its releases revoked); the account is deactivated, its
    email replaced by a pseudonym (erased_learner_pseudonym) here and in the audit log, its password
    made unusable and its sessions ended. Stored files are deleted once this commits. Running it
    again changes nothing.
    """
    from .personnel.services import personnel_file_refresh_after_change

    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    personnel_file_refresh_after_change(learner=learner, by=by, erased=True)
    DbsCheck.objects.filter(learner=learner).delete()  # with its events and status checks
    notifications_erase_for(learner_id=learner.pk)
    files = []
    for model, objs in learner_related_records(learner=learner).items():
        for obj in objs:
            changes, obj_files = _anonymised_values(obj)
            files += obj_files
            if changes:
                model._default_manager.filter(pk=obj.pk).update(**changes)
    _delete_files_after_commit(files)
    first_erasure = learner.erased_at is None
    user = learner.user
    if user is not None:
        _account_erase(user=user, learner=learner)
    Learner.objects.filter(pk=learner.pk).update(
        first_name="Erased", last_name=f"learner {learner.pk}", email=f"erased-{learner.pk}@erased.invalid",
        phone="", date_of_birth=None, postcode=_postcode_district(learner.postcode), other_barriers="",
        preferred_name="", address="",
        erased_at=learner.erased_at or timezone.now(),
    )
    # Data kept apart from the learner's records (equality answers) is deleted by its own app.
    learner_erased.send(sender=Learner, learner=learner)
    if first_erasure:
        audit_record(action="learner.erased", actor=by, request=request, obj=learner, learner_id=learner.pk,
                     note=(reason or "")[:200])
    learner.refresh_from_db()
    return learner


# --- Retention rules (run nightly by learners.tasks.retention_apply_task) ------------------------

# The DBS code of practice's general guidance: certificate information is kept no longer than six
# months. When no recruitment decision is ever recorded on a disclosed certificate, that clock
# runs from the date of issue (see dbs_details_reduce).
DBS_UNDECIDED_MONTHS_AFTER_ISSUE = 6
# The task that applies every rule to one learner: a learner's failure in the nightly run is
# recorded as a failed run of it, with the learner's id, so staff can see and retry it.
LEARNER_RETENTION_TASK = "learners.tasks.learner_retention_apply_task"


def _retention(key: str) -> int:
    return int(settings.PORTAL_RETENTION[key])


def _months_ago(months: int, *, now=None) -> datetime.date:
    """The date `months` calendar months before today (31 August less six months is 28 February)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    return today - relativedelta(months=months)


def retention_failure_record(*, rule: str, learner_id: int, exc: Exception) -> TaskRecord:
    """Records that a retention rule failed for one learner: a failed run of the per-learner task
    on the staff task page (name, learner id, the error's type and first line; never row values,
    which a database error's detail may quote), and an audit event."""
    logger.error("Retention rule %s failed for learner %s", rule, learner_id, exc_info=exc)
    first_line = (str(exc).splitlines() or [""])[0][:300]
    now = timezone.now()
    record = TaskRecord.objects.create(
        task_id=f"retention-{uuid.uuid4().hex}", name=LEARNER_RETENTION_TASK, kwargs={"learner_id": learner_id},
        state=TaskRecord.State.FAILED, attempts=1, started_at=now, finished_at=now,
        error=f"Retention rule {rule} failed for learner {learner_id}: {type(exc).__name__}: {first_line}",
    )
    audit_record(action="retention.failed", learner_id=learner_id, note=rule)
    return record


def _each_learner(*, rule: str, learner_ids, apply, raise_errors: bool) -> int:
    """Applies `apply(learner_id)` to each learner in its own transaction. A failure is recorded and
    the rest go on (or, for a single learner's run, raised so that run fails). Returns how many
    records changed."""
    changed = 0
    for learner_id in learner_ids:
        try:
            with transaction.atomic():
                changed += apply(learner_id)
        except Exception as exc:
            if raise_errors:
                raise
            retention_failure_record(rule=rule, learner_id=learner_id, exc=exc)
    return changed


def dbs_checks_due_for_reduction(*, now=None):
    """DBS checks holding more than the DBS code of practice lets us keep by now.

    - Decided: PORTAL_RETENTION["dbs_details_months_after_decision"] calendar months after the decision.
    - Disclosed with no decision ever recorded: DBS_UNDECIDED_MONTHS_AFTER_ISSUE (6) calendar months
      after the certificate's date of issue (or, with no issue date, after the disclosure was
      discussed), the code of practice's general guidance that certificate information is kept no
      longer than six months.
    """
    decided_cutoff = _months_ago(_retention("dbs_details_months_after_decision"), now=now)
    issue_cutoff = _months_ago(DBS_UNDECIDED_MONTHS_AFTER_ISSUE, now=now)
    decided = ~Q(decision="") & Q(decision_on__lte=decided_cutoff)
    undecided = Q(decision="", content=DbsCheck.Content.DISCLOSED) & (
        Q(certificate_issued_on__lte=issue_cutoff)
        | Q(certificate_issued_on__isnull=True, disclosure_discussed_on__lte=issue_cutoff)
    )
    return (DbsCheck.objects.filter(decided | undecided)
            .exclude(content="", disclosure_discussed_on__isnull=True, decision_reason=""))


def dbs_details_reduce(*, now=None, learner_id: int | None = None) -> int:
    """DBS records reduced to what the DBS code of practice lets us keep (see dbs_checks_due_for_reduction
    for when: six months after the decision, or DBS_UNDECIDED_MONTHS_AFTER_ISSUE = 6 months after
    issue when no decision was ever recorded).

    We keep: level, position, certificate number and date of issue, the decision, its date and who
    made it. We remove whether information was disclosed, when it was discussed, the reason for the
    decision and notes on the check's events; the learner's stored personnel file, which shows the
    disclosure, is withdrawn and rebuilt without it. Each learner in its own transaction. Returns how
    many checks changed.
    """
    from .personnel.services import personnel_file_refresh_after_change

    due = dbs_checks_due_for_reduction(now=now)
    if learner_id is not None:
        due = due.filter(learner_id=learner_id)
    by_learner: dict[int, list[int]] = defaultdict(list)
    for pk, owner in due.values_list("pk", "learner_id"):
        by_learner[owner].append(pk)

    def reduce(owner: int) -> int:
        ids = by_learner[owner]
        DbsCheck.objects.filter(pk__in=ids).update(content="", disclosure_discussed_on=None, decision_reason="")
        DbsEvent.objects.filter(dbs_check_id__in=ids).exclude(note="").update(note="")
        for pk in ids:
            audit_record(action="dbs.details_reduced", obj=DbsCheck(pk=pk), learner_id=owner, note="retention rule")
        personnel_file_refresh_after_change(learner=Learner.objects.get(pk=owner),
                                            removed="DBS details reduced by the retention rule")
        return len(ids)

    return _each_learner(rule="dbs_details_reduce", learner_ids=sorted(by_learner), apply=reduce,
                         raise_errors=learner_id is not None)


UNSUCCESSFUL_STAGES = (Stage.WITHDRAWN, Stage.NOT_PROGRESSED)


def unsuccessful_learners_anonymise(*, now=None, learner_id: int | None = None) -> int:
    """Learners whose every application ended unsuccessfully (withdrawn or not progressed) more than
    PORTAL_RETENTION["unsuccessful_application_months"] calendar months ago are anonymised with
    learner_erase, each in its own transaction. Returns how many learners were anonymised."""
    cutoff = _months_ago(_retention("unsuccessful_application_months"), now=now)
    still_live = Application.objects.exclude(stage__in=UNSUCCESSFUL_STAGES).values("learner_id")
    recent = StageTransition.objects.filter(at__date__gt=cutoff).values("application__learner_id")
    learners = (
        Learner.objects.filter(erased_at__isnull=True, applications__isnull=False)
        .exclude(pk__in=still_live).exclude(pk__in=recent).distinct()
    )
    if learner_id is not None:
        learners = learners.filter(pk=learner_id)

    def anonymise(pk: int) -> int:
        learner_erase(learner=Learner.objects.get(pk=pk), by=None,
                      reason="Retention: unsuccessful application period ended")
        return 1

    return _each_learner(rule="unsuccessful_learners_anonymise", learner_ids=list(learners.values_list("pk", flat=True)),
                         apply=anonymise, raise_errors=learner_id is not None)


RETENTION_RULES = {
    "dbs_details_reduce": dbs_details_reduce,
    "unsuccessful_learners_anonymise": unsuccessful_learners_anonymise,
}


def retention_apply(*, now=None, learner_id: int | None = None) -> dict[str, int]:
    """Every retention rule, in turn; how many records each changed. With `learner_id`, for that
    learner only, and a failure is raised (the staff's retry of a recorded failure)."""
    return {name: rule(now=now, learner_id=learner_id) for name, rule in RETENTION_RULES.items()}

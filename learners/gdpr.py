"""UK GDPR for learners: subject access export, erasure on request, and scheduled retention rules.

Everything held about a learner is found the same way for export and for erasure: by following
every relation that points at the learner (applications, screening, consent, DBS, references,
right to work, employment history, attendance, qualifications, placements, interviews, offers,
job starts, surveys, ...) and, from those, the records that point at them, a few levels deep.
A new model that refers to a learner is therefore exported and erased without changes here.

Erasure keeps what the aggregate impact figures count (records, stages, transitions, dates,
choices, numbers and links) and removes what identifies a person (names, contact details, date of
birth, the full postcode, free text, uploaded files, the sign-in account).
"""

import datetime
import io
import json
import zipfile
from collections import defaultdict

from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from academy.models import AuditEvent
from academy.services import audit_record

from .models import Application, DbsCheck, DbsEvent, Learner, Stage, StageTransition
from .signals import learner_erased

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


def _anonymised_values(obj: models.Model) -> dict:
    """Free text and files blanked; choices, dates, numbers, flags and links kept."""
    changes = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.choices:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            if value:
                getattr(obj, field.name).delete(save=False)
                changes[field.attname] = ""
        elif isinstance(field, (models.TextField, models.CharField)) and value and value != ERASED_TEXT:
            fits = not field.max_length or field.max_length >= len(ERASED_TEXT)
            changes[field.attname] = ERASED_TEXT if fits else ""
    return changes


@transaction.atomic
def learner_erase(*, learner: Learner, by, reason: str, request=None) -> Learner:
    """Erase a learner on request: personal data removed, the facts the impact figures count kept.

    Kept: the learner row (locality, situation, flags), every application, stage transition, date,
    outcome, placement, interview, offer and start. Removed: names (and preferred name), email, phone,
    address, date of birth, the postcode beyond its district, all free text, uploaded files; the account is deactivated,
    its email scrambled and its password made unusable. Running it again changes nothing.
    """
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    for model, objs in learner_related_records(learner=learner).items():
        for obj in objs:
            changes = _anonymised_values(obj)
            if changes:
                model._default_manager.filter(pk=obj.pk).update(**changes)
    first_erasure = learner.erased_at is None
    Learner.objects.filter(pk=learner.pk).update(
        first_name="Erased", last_name=f"learner {learner.pk}", email=f"erased-{learner.pk}@erased.invalid",
        phone="", date_of_birth=None, postcode=_postcode_district(learner.postcode), other_barriers="",
        preferred_name="", address="",
        erased_at=learner.erased_at or timezone.now(),
    )
    user = learner.user
    if user is not None:
        user.email = f"erased-learner-{learner.pk}@erased.invalid"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        for related in ("emailaddress_set", "authenticator_set"):
            manager = getattr(user, related, None)
            if manager is not None:
                manager.all().delete()
    # Data kept apart from the learner's records (equality answers) is deleted by its own app.
    learner_erased.send(sender=Learner, learner=learner)
    if first_erasure:
        audit_record(action="learner.erased", actor=by, request=request, obj=learner, learner_id=learner.pk,
                     note=(reason or "")[:200])
    learner.refresh_from_db()
    return learner


# --- Retention rules (run on schedule by academy's retention task) -------------------------------

def _retention(key: str) -> int:
    return int(settings.PORTAL_RETENTION[key])


def _months_ago(months: int, *, now=None) -> datetime.date:
    today = timezone.localdate(now) if now else timezone.localdate()
    return today - datetime.timedelta(days=round(months * 30.44))


def dbs_details_reduce(*, now=None) -> int:
    """DBS records reduced to what the DBS code of practice lets us keep once the decision is old.

    After the recruitment decision plus PORTAL_RETENTION["dbs_details_months_after_decision"]
    months we keep: level, position, certificate number and date of issue, the decision, its date
    and who made it. We remove whether information was disclosed, when it was discussed, the
    reason for the decision and notes on the check's events. Returns how many checks changed.
    """
    cutoff = _months_ago(_retention("dbs_details_months_after_decision"), now=now)
    qs = (
        DbsCheck.objects.exclude(decision="").filter(decision_on__lte=cutoff)
        .exclude(content="", disclosure_discussed_on__isnull=True, decision_reason="")
    )
    ids = list(qs.values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            DbsCheck.objects.filter(pk__in=ids).update(content="", disclosure_discussed_on=None, decision_reason="")
            DbsEvent.objects.filter(dbs_check_id__in=ids).exclude(note="").update(note="")
            for pk in ids:
                audit_record(action="dbs.details_reduced", obj=DbsCheck(pk=pk), note="retention rule")
    return len(ids)


UNSUCCESSFUL_STAGES = (Stage.WITHDRAWN, Stage.NOT_PROGRESSED)


def unsuccessful_learners_anonymise(*, now=None) -> int:
    """Learners whose every application ended unsuccessfully (withdrawn or not progressed) more than
    PORTAL_RETENTION["unsuccessful_application_months"] ago are anonymised with learner_erase.
    Returns how many learners were anonymised."""
    cutoff = _months_ago(_retention("unsuccessful_application_months"), now=now)
    still_live = Application.objects.exclude(stage__in=UNSUCCESSFUL_STAGES).values("learner_id")
    recent = StageTransition.objects.filter(at__date__gt=cutoff).values("application__learner_id")
    learners = (
        Learner.objects.filter(erased_at__isnull=True, applications__isnull=False)
        .exclude(pk__in=still_live).exclude(pk__in=recent).distinct()
    )
    count = 0
    for learner in learners:
        learner_erase(learner=learner, by=None, reason="Retention: unsuccessful application period ended")
        count += 1
    return count


RETENTION_RULES = {
    "dbs_details_reduce": dbs_details_reduce,
    "unsuccessful_learners_anonymise": unsuccessful_learners_anonymise,
}


def retention_apply(*, now=None) -> dict[str, int]:
    """Every retention rule, in turn; how many records each changed."""
    return {name: rule(now=now) for name, rule in RETENTION_RULES.items()}

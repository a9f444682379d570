"""Writes for personnel files: build, request a build, release to an employer, revoke, download."""

import hashlib
import io
import time
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from academy.models import User
from academy.services import audit_record
from notifications.services import notify
from providers.notices import provider_recipient, provider_values

from ..models import Learner, PersonnelFile, PersonnelFileRelease
from .context import personnel_file_context
from .render import personnel_file_pdf


def _page_count(pdf: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a dev dependency; the count is informative only
        return 0
    return len(PdfReader(io.BytesIO(pdf)).pages)


def personnel_file_build(*, learner_id: int, by_id: int | None = None) -> PersonnelFile:
    """Builds the learner's personnel file PDF and makes it the current one.

    Idempotent: there is one PersonnelFile per learner; a rebuild writes a new PDF, swaps it in
    under a row lock and deletes the old PDF once the swap has committed, so copies never pile
    up and a download during a rebuild gets the previous complete file. The SHA-256 of the PDF
    is stored so anyone can check a copy they were given.
    """
    started = time.perf_counter()
    by = User.objects.filter(pk=by_id).first() if by_id else None
    try:
        context = personnel_file_context(learner_id=learner_id)
        pdf = personnel_file_pdf(context)
    except Learner.DoesNotExist:
        raise
    except Exception as exc:
        PersonnelFile.objects.update_or_create(
            learner_id=learner_id,
            defaults={"state": PersonnelFile.State.FAILED, "error": f"{type(exc).__name__}"[:255]},
        )
        raise
    digest = hashlib.sha256(pdf).hexdigest()
    seconds = time.perf_counter() - started

    storage = PersonnelFile._meta.get_field("pdf").storage
    # A random name: never the learner's name in a path, and no clash with the file being replaced.
    new_name = storage.save(f"personnel-files/{learner_id}-{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    try:
        with transaction.atomic():
            # Under the learner's row lock, which erasure takes too: a build queued before an
            # erasure never makes a file for the erased learner after it.
            if Learner.objects.select_for_update().filter(pk=learner_id, erased_at__isnull=False).exists():
                storage.delete(new_name)
                return PersonnelFile.objects.update_or_create(
                    learner_id=learner_id, defaults={"state": PersonnelFile.State.WITHDRAWN, "error": ""})[0]
            PersonnelFile.objects.get_or_create(learner_id=learner_id)
            record = PersonnelFile.objects.select_for_update().get(learner_id=learner_id)
            old_name = record.pdf.name or ""
            record.pdf.name = new_name
            record.state = PersonnelFile.State.READY
            record.content_hash = digest
            record.size_bytes = len(pdf)
            record.page_count = _page_count(pdf)
            record.build_seconds = round(seconds, 3)
            record.built_at = timezone.now()
            record.built_by = by
            record.complete_sections = [s.key for s in context["complete"]]
            record.missing_sections = [s.key for s in context["missing"]]
            record.error = ""
            record.full_clean()
            record.save()
            audit_record(action="personnel_file.build", actor=by, obj=record, learner_id=learner_id,
                         note=f"{len(context['missing'])} sections missing")
            if old_name and old_name != new_name:
                transaction.on_commit(lambda: storage.delete(old_name))
    except Exception:
        storage.delete(new_name)  # the swap did not happen: leave no orphan behind
        raise
    return record


QUEUE_UNAVAILABLE = "The background queue could not be reached; please try again shortly."


def personnel_file_request_build(*, learner: Learner, by=None) -> PersonnelFile:
    """Marks the file as being prepared and queues the build to run once this transaction commits.

    The returned record's `queued` is False when the task could not be sent (the broker is down):
    a file that was being prepared is then marked failed rather than left "being prepared".
    """
    from ..tasks import personnel_file_build_task

    not_sent = []

    def mark_failed(exc):
        not_sent.append(exc)
        PersonnelFile.objects.filter(pk=record.pk, state=PersonnelFile.State.PENDING).update(
            state=PersonnelFile.State.FAILED, error=QUEUE_UNAVAILABLE, updated_at=timezone.now())

    with transaction.atomic():
        record, created = PersonnelFile.objects.get_or_create(learner=learner)
        if not record.is_ready:
            record.state = PersonnelFile.State.PENDING
            record.error = ""
            record.save(update_fields=["state", "error", "updated_at"])
        # Sent once this transaction commits (academy.tasks.PortalTask).
        personnel_file_build_task.apply_async(kwargs={"learner_id": learner.pk, "by_id": getattr(by, "pk", None)},
                                              requested_by=by, on_not_sent=mark_failed)
    if not_sent:
        record.refresh_from_db(fields=["state", "error"])
    record.queued = not not_sent
    return record


def personnel_file_refresh_after_change(*, learner: Learner, by=None, removed: str = "",
                                        erased: bool = False) -> PersonnelFile | None:
    """The one call every service makes after changing a record the personnel file shows.

    - A correction (neither `removed` nor `erased`): a READY file is rebuilt (queued after commit);
      the ready file stays downloadable until the new one is swapped in. No file, or one still
      being prepared or failed: nothing to do, the next build reads the records as they are then.
    - Data removed from a record (`removed` says what, e.g. "DBS details reduced by retention"):
      the stored PDF, in whatever state, is withdrawn at once (no download serves it from this
      commit on; the file is deleted after commit) and a rebuild is queued.
    - The learner erased: the stored PDF is withdrawn for good, and every open release to an
      employer is revoked; nothing is rebuilt.
    """
    if erased:
        record = personnel_file_withdraw(learner=learner, by=by, reason="Learner erased", rebuild=False)
        personnel_file_releases_stop(learner=learner, by=by, reason="Learner erased")
        return record
    if removed:
        return personnel_file_withdraw(learner=learner, by=by, reason=removed, rebuild=True)
    ready = PersonnelFile.objects.filter(learner=learner, state=PersonnelFile.State.READY).exists()
    if not ready:
        return None
    return personnel_file_request_build(learner=learner, by=by)


def personnel_file_withdraw(*, learner: Learner, by=None, reason: str, rebuild: bool) -> PersonnelFile | None:
    """Takes the learner's stored personnel file out of use now: the row no longer names a PDF (so
    every download refuses), and the PDF is deleted from storage once this transaction commits, so
    a rollback leaves the file and its row as they were. With `rebuild` the file goes back to
    "being prepared" and a build is queued; without, it stays WITHDRAWN. No file: nothing to do.
    """
    with transaction.atomic():
        record = PersonnelFile.objects.select_for_update().filter(learner_id=learner.pk).first()
        if record is None:
            return None
        old_name = record.pdf.name or ""
        state = PersonnelFile.State.PENDING if rebuild else PersonnelFile.State.WITHDRAWN
        if old_name or record.state != state:
            record.pdf = ""
            record.content_hash = ""
            record.size_bytes = 0
            record.page_count = 0
            record.state = state
            record.error = ""
            record.full_clean()
            record.save()
            audit_record(action="personnel_file.withdraw", actor=by, obj=record, learner_id=learner.pk,
                         note=reason[:255])
        if old_name:
            storage = record.pdf.storage
            transaction.on_commit(lambda: storage.delete(old_name))
        if rebuild:
            personnel_file_request_build(learner=learner, by=by)
    return record


# Releasing to an employer ------------------------------------------------------------------------

class ReleaseRefused(ValidationError):
    """Raised when the personnel file may not be released (no accepted offer, no consent)."""


def release_days() -> int:
    return getattr(settings, "PERSONNEL_FILE_RELEASE_DAYS", 7)


def personnel_file_release(*, learner: Learner, job_offer, by, request=None) -> PersonnelFileRelease:
    """Releases the learner's personnel file to the employer whose job offer the learner accepted.

    Refused unless the offer is accepted and is this learner's, and the learner's consent to share
    stands. Any earlier open release to the same provider is replaced. A fresh build is queued so
    the employer gets the file as it is now; the link lasts PERSONNEL_FILE_RELEASE_DAYS (7) days.
    """
    from ..selectors import learner_has_sharing_consent

    if job_offer.status != job_offer.Status.ACCEPTED:
        raise ReleaseRefused("The file can only be released to an employer whose job offer the learner has accepted.",
                             code="offer_not_accepted")
    if job_offer.application.learner_id != learner.pk:
        raise ReleaseRefused("That job offer is not this learner's.", code="offer_not_learners")
    if not learner_has_sharing_consent(learner):
        raise ReleaseRefused("The learner has not consented to sharing their personnel file (or has withdrawn "
                             "consent), so it cannot be released.", code="no_consent")
    provider = job_offer.provider
    if provider is None:
        raise ReleaseRefused("That employer is not on the portal, so the file cannot be released to it here.",
                             code="employer_not_on_portal")
    now = timezone.now()
    with transaction.atomic():
        Learner.objects.select_for_update().filter(pk=learner.pk).first()
        for old in PersonnelFileRelease.objects.filter(learner=learner, provider=provider, revoked_at__isnull=True):
            old.revoked_at = now
            old.revoked_by = by
            old.revoke_reason = "Replaced by a new release"
            old.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
        release = PersonnelFileRelease(
            learner=learner, provider=provider, job_offer=job_offer, released_by=by, released_at=now,
            expires_at=now + timezone.timedelta(days=release_days()),
        )
        release.full_clean()
        release.save()
        audit_record(action="personnel_file.release", actor=by, request=request, obj=release, learner_id=learner.pk,
                     note=f"to provider {provider.pk} until {release.expires_at:%Y-%m-%d}")
        personnel_file_request_build(learner=learner, by=by)
        _release_notify(release)
    return release


def _release_notify(release: PersonnelFileRelease) -> None:
    """Tells the employer's contact that the file is ready to download (by email, else text, else a
    letter staff post)."""
    provider, learner, offer = release.provider, release.learner, release.job_offer
    notify(event="personnel_file_released", about=f"release:{release.pk}",
           recipient=provider_recipient(provider, learner_id=learner.pk), values={
        **provider_values(provider), "learner_name": learner.full_name, "role": offer.role or "the job offered",
        "expires_on": f"{timezone.localtime(release.expires_at):%A %d %B %Y}"})


def personnel_file_release_revoke(*, release: PersonnelFileRelease, by, reason: str = "", request=None
                                  ) -> PersonnelFileRelease:
    """Ends a release at once: the provider's link stops working."""
    if release.revoked_at:
        return release
    release.revoked_at = timezone.now()
    release.revoked_by = by
    release.revoke_reason = (reason or "Revoked by academy staff")[:200]
    release.full_clean()
    release.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    audit_record(action="personnel_file.revoke", actor=by, request=request, obj=release,
                 learner_id=release.learner_id)
    return release


def personnel_file_releases_stop(*, learner: Learner, by=None, reason: str = "Consent withdrawn") -> int:
    """Revokes every open release of the learner's file (called when consent is withdrawn).

    Downloads already check consent each time, so sharing stops even if this is never called; this
    makes the stop visible on the staff and provider pages.
    """
    now = timezone.now()
    count = PersonnelFileRelease.objects.filter(learner=learner, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by, revoke_reason=reason[:200], updated_at=now
    )
    if count:
        audit_record(action="personnel_file.revoke", actor=by, obj=learner, learner_id=learner.pk,
                     note=f"{count} release(s): {reason}"[:255])
    return count


def personnel_file_download_record(*, personnel_file: PersonnelFile, user, request=None,
                                   release: PersonnelFileRelease | None = None) -> None:
    """Logs who downloaded the file, when and from where (the audit log never holds the file)."""
    if release is not None:
        now = timezone.now()
        PersonnelFileRelease.objects.filter(pk=release.pk).update(
            download_count=F("download_count") + 1, last_downloaded_at=now
        )
    audit_record(action="personnel_file.download", actor=user, request=request, obj=personnel_file,
                 learner_id=personnel_file.learner_id,
                 note=f"as {user.role}" + (f" under release {release.pk}" if release else ""))


def personnel_file_download_refused(*, user, request=None, reason: str = "") -> None:
    """Logs a refused download by a provider (expired or withdrawn link)."""
    audit_record(action="personnel_file.download_refused", actor=user, request=request, note=reason)

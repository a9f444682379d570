"""Who may see, release and download personnel files. Outsiders get 404; nothing says a file exists.

- Staff: files of learners they can see (their localities), through learners.permissions.
- The learner: their own file.
- A provider's users: a file released to their organisation, through its signed link, while the
  release is live (not revoked, not expired) and the learner's consent stands.
- Partners: never.
"""

from django.core import signing
from django.http import Http404
from django.utils import timezone

from academy.models import User

from ..models import PersonnelFile, PersonnelFileRelease

TOKEN_SALT = "learners.personnel-file-release"  # noqa: S105 - a signing salt, not a secret


class LinkExpired(Exception):
    """The link was genuine and for this provider, but its time is up or it was withdrawn."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def release_token(release: PersonnelFileRelease) -> str:
    """A signed token naming the release and its expiry; the same release always gives the same token."""
    return signing.Signer(salt=TOKEN_SALT).sign_object({"r": release.pk, "e": int(release.expires_at.timestamp())})


def release_is_live(release: PersonnelFileRelease, *, now=None) -> bool:
    now = now or timezone.now()
    return release.revoked_at is None and release.expires_at > now


def release_for_download_or_404(user, token: str) -> PersonnelFileRelease:
    """The release behind a provider's download link.

    404 for a forged token or anyone who is not a user of the provider it was released to;
    LinkExpired for that provider's users once the link is past its time, revoked, or the
    learner's consent has been withdrawn.
    """
    from ..selectors import learner_has_sharing_consent

    if getattr(user, "role", None) != User.Role.PROVIDER or not user.provider_id:
        raise Http404("No such file.")
    try:
        payload = signing.Signer(salt=TOKEN_SALT).unsign_object(token)
        release_id, expires = int(payload["r"]), int(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise Http404("No such file.") from exc
    release = (PersonnelFileRelease.objects.select_related("learner", "provider")
               .filter(pk=release_id, provider_id=user.provider_id).first())
    if release is None or int(release.expires_at.timestamp()) != expires:
        raise Http404("No such file.")
    now = timezone.now()
    if release.revoked_at is not None:
        raise LinkExpired("The academy has withdrawn this file.")
    if expires <= now.timestamp() or release.expires_at <= now:
        raise LinkExpired("This link has expired.")
    if not learner_has_sharing_consent(release.learner):
        raise LinkExpired("The learner has withdrawn consent to share this file.")
    return release


def ready_file_or_404(learner_id: int) -> PersonnelFile:
    record = PersonnelFile.objects.filter(learner_id=learner_id, state=PersonnelFile.State.READY).first()
    if record is None or not record.pdf:
        raise Http404("The personnel file has not been built yet.")
    return record


def can_release(user) -> bool:
    return getattr(user, "role", None) == User.Role.STAFF

"""Reads for the personnel-file pages; each page runs a fixed number of queries."""

from django.apps import apps
from django.utils import timezone

from ..models import PersonnelFile, PersonnelFileRelease
from .permissions import release_token


def personnel_file_for(*, learner) -> PersonnelFile | None:
    return PersonnelFile.objects.select_related("built_by").filter(learner=learner).first()


def accepted_offers_for(*, learner) -> list:
    """Job offers the learner accepted: the employers the file may be released to."""
    JobOffer = apps.get_model("placements", "JobOffer")
    return list(JobOffer.objects.filter(status=JobOffer.Status.ACCEPTED, application__learner=learner,
                                        provider__isnull=False)
                .select_related("provider", "interview__vacancy").order_by("-decided_at", "-pk"))


def releases_for_learner(*, learner) -> list[PersonnelFileRelease]:
    return list(PersonnelFileRelease.objects.filter(learner=learner)
                .select_related("provider", "released_by", "revoked_by", "job_offer__interview__vacancy",
                                "job_offer__provider"))


def live_releases_for_provider(*, provider_id: int) -> list[dict]:
    """Files released to the provider that can still be downloaded, each with its signed link."""
    from ..models import ConsentRecord

    now = timezone.now()
    consenting = ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.PERSONNEL_FILE,
                                              withdrawn_at__isnull=True).values("learner_id")
    releases = (PersonnelFileRelease.objects
                .filter(provider_id=provider_id, revoked_at__isnull=True, expires_at__gt=now,
                        learner_id__in=consenting)
                .select_related("learner", "learner__personnel_file", "job_offer__interview__vacancy",
                                "job_offer__provider"))
    rows = []
    for release in releases:
        try:
            personnel_file = release.learner.personnel_file
        except PersonnelFile.DoesNotExist:
            personnel_file = None
        rows.append({"release": release, "token": release_token(release), "file": personnel_file,
                     "ready": bool(personnel_file and personnel_file.is_ready)})
    return rows


def personnel_files_overview(*, learners_qs, limit: int = 100) -> list:
    """For the staff list: visible learners with an accepted offer or a file, newest activity first."""
    JobOffer = apps.get_model("placements", "JobOffer")
    with_offer = JobOffer.objects.filter(status=JobOffer.Status.ACCEPTED).values("application__learner_id")
    files = (PersonnelFile.objects.filter(learner__in=learners_qs)
             .select_related("learner", "learner__locality").order_by("-updated_at"))
    learners_with_offer = (learners_qs.filter(pk__in=with_offer).exclude(personnel_file__isnull=False)
                           .select_related("locality"))
    return {"files": list(files[:limit]), "awaiting": list(learners_with_offer[:limit])}

"""Who may see which learner. All decisions about learner visibility are made here.

`learners_visible_to(user)` is the single source: every object view fetches through it, so an
outsider gets a 404 and never learns that a record exists.

- staff: learners in their localities (no localities = the whole region);
- learners: themselves;
- provider users: only learners shared with their organisation, and only while the sharing lasts:
  a placement with them that is not cancelled or declined, an interview with them that is not
  withdrawn, or a personnel file released to them that is not revoked or expired and whose
  learner has not withdrawn consent to share;
- partners: nobody (they see suppressed aggregates only).
Erased learners are visible to nobody but staff (whose erasure record it is).
"""

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from academy.models import User

from .models import ConsentRecord, Learner


def _staff_learners(user) -> QuerySet:
    # Staff see learners in their localities; staff with no localities work across the region.
    localities = user.locality_ids
    qs = Learner.objects.all()
    return qs.filter(locality__in=localities) if localities else qs


def _learner_self(user) -> QuerySet:
    return Learner.objects.filter(user=user)


# Placement and interview states in which the learner is no longer shared with the provider.
ENDED_PLACEMENT_STATUSES = ("cancelled", "declined")
ENDED_INTERVIEW_OUTCOMES = ("withdrawn",)


def learner_ids_shared_with_provider(provider_id) -> list:
    """Subqueries of learner ids shared live with one provider organisation (see the module docstring)."""
    placement = apps.get_model("placements", "Placement")
    interview = apps.get_model("placements", "Interview")
    shared = [
        placement.objects.filter(provider_id=provider_id)
        .exclude(status__in=ENDED_PLACEMENT_STATUSES)
        .values("application__learner_id"),
        interview.objects.filter(provider_id=provider_id)
        .exclude(outcome__in=ENDED_INTERVIEW_OUTCOMES)
        .values("application__learner_id"),
    ]
    release_model = _release_model()
    if release_model is not None:
        consented = ConsentRecord.objects.filter(
            purpose=ConsentRecord.Purpose.PERSONNEL_FILE, withdrawn_at__isnull=True
        ).values("learner_id")
        shared.append(
            release_model.objects.filter(
                provider_id=provider_id,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                learner_id__in=consented,
            ).values("learner_id")
        )
    return shared


def _release_model():
    try:
        return apps.get_model("learners", "PersonnelFileRelease")
    except LookupError:
        return None


def _provider_learners(user) -> QuerySet:
    if not user.provider_id:
        return Learner.objects.none()
    q = Q()
    for ids in learner_ids_shared_with_provider(user.provider_id):
        q |= Q(pk__in=ids)
    return Learner.objects.filter(q, erased_at__isnull=True)


def _nobody(user) -> QuerySet:
    return Learner.objects.none()


VISIBILITY_BY_ROLE = {
    User.Role.STAFF: _staff_learners,
    User.Role.LEARNER: _learner_self,
    User.Role.PROVIDER: _provider_learners,
    User.Role.PARTNER: _nobody,
}


def learners_visible_to(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Learner.objects.none()
    return VISIBILITY_BY_ROLE.get(user.role, _nobody)(user)


def can_view_learner(user, learner: Learner) -> bool:
    return learners_visible_to(user).filter(pk=learner.pk).exists()


def can_change_learner_records(user, learner: Learner) -> bool:
    """Only academy staff who can see the learner record screening, DBS and documents."""
    return getattr(user, "role", None) == User.Role.STAFF and can_view_learner(user, learner)


def get_learner_for_staff_or_404(user, pk) -> Learner:
    """The learner if this staff member may work on them; 404 otherwise (outsiders learn nothing)."""
    learner = learners_visible_to(user).filter(pk=pk).select_related("locality", "user").first()
    # Fetched through the user's visible learners, so only the role is left to check
    # (what can_change_learner_records asks, without a second query).
    if learner is None or getattr(user, "role", None) != User.Role.STAFF:
        raise Http404("No such learner.")
    return learner

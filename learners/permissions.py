"""Who may see which learner. All decisions about learner visibility are made here.

`learners_visible_to(user)` is the single source: every object view and every list of learners (or of
their applications, placements, interviews...) fetches through it, so an outsider gets a 404 and never
learns that a record exists. Other apps filter with it (`learner__in=learners_visible_to(user)`)
rather than repeating the rule.

- staff: learners in their localities (no localities = the whole region);
- learners: themselves;
- provider users: only learners whose name their organisation may see, by the rule in
  providers.permissions (an active placement, interview, file release or recent event meeting, and
  no withdrawn consent to share);
- partners: nobody (they see suppressed aggregates only).
Erased learners are hidden from everyone on every ordinary page. Only the staff pages about the erasure
itself (the erasure page and the learner's anonymised record it leads to) ask for them, with
`include_erased=True`.
"""

from django.db.models import QuerySet
from django.http import Http404

from academy.models import User

from .models import Learner


def _staff_learners(user) -> QuerySet:
    # Staff see learners in their localities; staff with no localities work across the region.
    localities = user.locality_ids
    qs = Learner.objects.all()
    return qs.filter(locality__in=localities) if localities else qs


def _learner_self(user) -> QuerySet:
    return Learner.objects.filter(user=user)


def _provider_learners(user) -> QuerySet:
    # One rule for what a provider may see of a learner: providers.permissions (name while a link
    # with the provider is active and the learner has not withdrawn consent to share).
    from providers.permissions import learners_named_for_provider

    if not user.provider_id:
        return Learner.objects.none()
    return learners_named_for_provider(user.provider_id)


def _nobody(user) -> QuerySet:
    return Learner.objects.none()


VISIBILITY_BY_ROLE = {
    User.Role.STAFF: _staff_learners,
    User.Role.LEARNER: _learner_self,
    User.Role.PROVIDER: _provider_learners,
    User.Role.PARTNER: _nobody,
}


def learners_visible_to(user, *, include_erased: bool = False) -> QuerySet:
    """The learners this user may see. Erased learners are left out unless `include_erased` (staff pages
    about the erasure only: every other role sees no erased learner whatever is asked)."""
    if not getattr(user, "is_authenticated", False):
        return Learner.objects.none()
    qs = VISIBILITY_BY_ROLE.get(user.role, _nobody)(user)
    if include_erased and user.role == User.Role.STAFF:
        return qs
    return qs.filter(erased_at__isnull=True)


def can_view_learner(user, learner: Learner) -> bool:
    return learners_visible_to(user).filter(pk=learner.pk).exists()


def can_change_learner_records(user, learner: Learner) -> bool:
    """Only academy staff who can see the learner record screening, DBS and documents."""
    return getattr(user, "role", None) == User.Role.STAFF and can_view_learner(user, learner)


def get_learner_for_staff_or_404(user, pk, *, include_erased: bool = False) -> Learner:
    """The learner if this staff member may work on them; 404 otherwise (outsiders learn nothing).
    An erased learner is a 404 too, except on the erasure pages (`include_erased`)."""
    learner = (learners_visible_to(user, include_erased=include_erased).filter(pk=pk)
               .select_related("locality", "user").first())
    # Fetched through the user's visible learners, so only the role is left to check
    # (what can_change_learner_records asks, without a second query).
    if learner is None or getattr(user, "role", None) != User.Role.STAFF:
        raise Http404("No such learner.")
    return learner


def localities_for_staff(user) -> QuerySet:
    """The localities a staff member works in, where they may take applications (none listed: the region)."""
    from academy.models import Locality

    if getattr(user, "role", None) != User.Role.STAFF:
        return Locality.objects.none()
    ids = user.locality_ids
    return Locality.objects.filter(pk__in=ids) if ids else Locality.objects.all()


def cohorts_staff_may_take_applications_for(user) -> QuerySet:
    """Cohorts still taking applications in the staff member's localities."""
    from django.utils import timezone

    from courses.models import Cohort

    return (Cohort.objects.filter(is_open_for_applications=True, start_date__gte=timezone.localdate(),
                                  locality__in=localities_for_staff(user))
            .select_related("locality", "programme").order_by("start_date", "name"))

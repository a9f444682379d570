"""Who may see and change placements, interviews, offers and events.

Staff and learners see the records of the learners they may see (learners.permissions.learners_visible_to,
the one rule: staff their localities, a learner themselves, erased learners nobody). A provider sees
only its own placements, interview slots, interviews and event meetings. Everyone else gets a 404 from
the fetch helpers.
"""

from django.db.models import QuerySet
from django.http import Http404

from academy.models import User
from learners.models import Application
from learners.permissions import learners_visible_to

from .models import (
    EventMeeting,
    Interview,
    InterviewSlot,
    JobOffer,
    JobStart,
    Placement,
    PlacementOpportunity,
    RecruitmentEvent,
)


def _role(user):
    return user.role if getattr(user, "is_authenticated", False) else None


def _by_learner(qs: QuerySet, user, learner_path: str, provider_path: str) -> QuerySet:
    role = _role(user)
    if role in (User.Role.STAFF, User.Role.LEARNER):
        return qs.filter(**{f"{learner_path}__in": learners_visible_to(user)})
    if role == User.Role.PROVIDER:
        return qs.filter(**{provider_path: user.provider_id})
    return qs.none()


def placements_visible_to(user) -> QuerySet:
    return _by_learner(Placement.objects.all(), user, "application__learner", "provider")


def interviews_visible_to(user) -> QuerySet:
    return _by_learner(Interview.objects.all(), user, "application__learner", "provider")


def offers_visible_to(user) -> QuerySet:
    return _by_learner(JobOffer.objects.all(), user, "application__learner", "provider")


def job_starts_visible_to(user) -> QuerySet:
    return _by_learner(JobStart.objects.all(), user, "learner", "provider")


def applications_for_staff(user) -> QuerySet:
    return Application.objects.filter(learner__in=learners_visible_to(user))


def opportunities_visible_to(user) -> QuerySet:
    role = _role(user)
    if role == User.Role.STAFF:
        return PlacementOpportunity.objects.all()
    if role == User.Role.PROVIDER:
        return PlacementOpportunity.objects.filter(provider_id=user.provider_id)
    return PlacementOpportunity.objects.none()


def slots_visible_to(user) -> QuerySet:
    role = _role(user)
    if role == User.Role.STAFF:
        return InterviewSlot.objects.all()
    if role == User.Role.PROVIDER:
        return InterviewSlot.objects.filter(provider_id=user.provider_id)
    return InterviewSlot.objects.none()


def events_visible_to(user) -> QuerySet:
    role = _role(user)
    if role == User.Role.STAFF:
        return RecruitmentEvent.objects.all()
    if role == User.Role.PROVIDER:
        return RecruitmentEvent.objects.filter(providers=user.provider_id)
    return RecruitmentEvent.objects.none()


def meetings_visible_to(user) -> QuerySet:
    return _by_learner(EventMeeting.objects.all(), user, "application__learner", "provider")


def can_respond_to_placement(user, placement: Placement) -> bool:
    return _role(user) == User.Role.PROVIDER and user.provider_id == placement.provider_id


def placement_page_actions(user, placement: Placement) -> dict:
    """What the placement page offers `user`, who can already see `placement`.

    The provider answers a confirmed placement and gives feedback once it is under way; staff mark it
    completed; staff and the provider record attendance. A learner does not see the provider's comments
    on them, and the provider does not see the learner's comments on the placement.
    """
    role = _role(user)
    own_provider = can_respond_to_placement(user, placement)
    under_way = placement.is_under_way
    return {
        "can_respond": own_provider and placement.status == Placement.Status.CONFIRMED,
        "can_complete": role == User.Role.STAFF and placement.status == Placement.Status.ACCEPTED,
        "can_record_attendance": role != User.Role.LEARNER and under_way,
        "can_give_feedback": own_provider and under_way,
        "sees_provider_comments": role != User.Role.LEARNER,
        "sees_learner_comments": role != User.Role.PROVIDER,
    }


def can_record_interview_outcome(user, interview: Interview) -> bool:
    role = _role(user)
    return role == User.Role.STAFF or (role == User.Role.PROVIDER and user.provider_id == interview.provider_id)


def can_decide_offer(user, offer: JobOffer) -> bool:
    """Staff record the learner's answer; the learner may answer for themselves."""
    role = _role(user)
    if role == User.Role.STAFF:
        return True
    return role == User.Role.LEARNER and offer.application.learner.user_id == user.pk


def get_or_404(qs: QuerySet, pk, what: str = "record"):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"No such {what}.")
    return obj

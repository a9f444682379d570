"""Who may see and change which provider's records. Provider users manage only their own organisation.

Fetch helpers answer 404 to everyone who may not see an object, so a provider cannot even learn
that another provider's vacancy, placement or learner exists.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from academy.models import User

from .models import Provider, ProviderContact, Site


def is_staff(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == User.Role.STAFF


def is_provider_user(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == User.Role.PROVIDER and user.provider_id


def scope_to_provider(qs: QuerySet, user, field: str = "provider") -> QuerySet:
    """Staff see every provider's records; a provider user sees its own organisation's; others none."""
    if is_staff(user):
        return qs
    if is_provider_user(user):
        return qs.filter(**{field: user.provider_id})
    return qs.none()


def providers_visible_to(user) -> QuerySet:
    return scope_to_provider(Provider.objects.all(), user, field="pk")


def can_manage_provider(user, provider: Provider) -> bool:
    return is_staff(user) or (is_provider_user(user) and user.provider_id == provider.pk)


def get_provider_or_404(user, pk) -> Provider:
    provider = providers_visible_to(user).filter(pk=pk).first()
    if provider is None:
        raise Http404("No such provider.")
    return provider


def get_site_or_404(user, pk) -> Site:
    site = scope_to_provider(Site.objects.select_related("provider", "locality"), user).filter(pk=pk).first()
    if site is None:
        raise Http404("No such site.")
    return site


def get_contact_or_404(user, pk) -> ProviderContact:
    contact = scope_to_provider(ProviderContact.objects.select_related("provider"), user).filter(pk=pk).first()
    if contact is None:
        raise Http404("No such contact.")
    return contact


# --- What a provider may see of a learner ------------------------------------------------------
#
# The academy's one rule (issue #18, "data protection that holds under real use"):
# - the learner's NAME, only while the learner has an active link with this provider: a placement
#   that is confirmed or accepted (or completed within the feedback window), an interview that is
#   pending or ended in an offer, a personnel-file release that is neither revoked nor expired, or
#   a meeting with them at an event in the last RECENT_DAYS days (events learners come to by choice);
# - CONTACT DETAILS (email, phone), only with an active placement, interview or release AND the
#   learner's live consent to share (ConsentRecord, personnel-file purpose): an event meeting alone
#   never gives contact details;
# - once the learner withdraws that consent, or nothing is active any more, or the learner is
#   erased, every past row shows "a learner" instead of the name.
# `_provider_expressions` is the rule, written once as SQL conditions. `provider_learner_view` answers
# for one learner; `annotate_provider_view` / `annotate_learner_view` put the same answer on every row
# of a list (placements, interviews, slots, meetings), so list pages need no extra queries;
# `mark_names_shown_to_provider` gives a page of several lists the name answer in one query for all.

RECENT_DAYS = 60  # how long after an event, or after a placement ends, the provider still needs the name
ANONYMOUS_LEARNER = "a learner"
SHOWS_NAME = "shows_learner_name"
SHOWS_CONTACT = "shows_learner_contact"


@dataclass(frozen=True)
class LearnerView:
    """What a user may be shown about one learner."""

    name: bool
    contact: bool


def learner_label(learner, row) -> str:
    """The learner's name if `row` (annotated by annotate_learner_view) says it may be shown, else "a learner"."""
    if learner is None or not getattr(row, SHOWS_NAME, False):
        return ANONYMOUS_LEARNER
    return learner.full_name


def _provider_expressions(provider_id, learner_path: str) -> tuple[Q, Q]:
    """(shows name, shows contact) for rows whose learner is at `learner_path` ("" for Learner itself)."""
    from learners.models import ConsentRecord, PersonnelFileRelease
    from placements.models import EventMeeting, Interview, Placement

    ref = OuterRef(learner_path or "pk")
    prefix = f"{learner_path}__" if learner_path else ""
    today = timezone.localdate()
    recent = today - datetime.timedelta(days=RECENT_DAYS)
    placement = Exists(Placement.objects.filter(provider_id=provider_id, application__learner=ref).filter(
        Q(status__in=[Placement.Status.CONFIRMED, Placement.Status.ACCEPTED])
        | Q(status=Placement.Status.COMPLETED, end_date__gte=recent)))
    interview = Exists(Interview.objects.filter(
        provider_id=provider_id, application__learner=ref,
        outcome__in=[Interview.Outcome.PENDING, Interview.Outcome.OFFER]))
    release = Exists(PersonnelFileRelease.objects.filter(
        provider_id=provider_id, learner=ref, revoked_at__isnull=True, expires_at__gt=timezone.now()))
    event = Exists(EventMeeting.objects.filter(provider_id=provider_id, application__learner=ref,
                                               event__date__gte=recent))
    sharing = ConsentRecord.objects.filter(learner=ref, purpose=ConsentRecord.Purpose.PERSONNEL_FILE)
    consent_live = Exists(sharing.filter(withdrawn_at__isnull=True))
    consent_withdrawn = Exists(sharing.filter(withdrawn_at__isnull=False)) & ~consent_live
    not_erased = Q(**{f"{prefix}erased_at__isnull": True, f"{prefix}pk__isnull": False})
    shows_name = not_erased & ~consent_withdrawn & (placement | interview | release | event)
    shows_contact = not_erased & consent_live & (placement | interview | release)
    return shows_name, shows_contact


def _as_bool(q) -> Case:
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def annotate_learner_view(qs: QuerySet, user, learner_path: str = "") -> QuerySet:
    """`qs` with SHOWS_NAME and SHOWS_CONTACT on every row, for this user.

    Staff see the learners visible to them (learners.permissions: their localities); a provider user
    sees what the rule above allows; a learner sees their own rows; anyone else sees nothing. Templates
    print a row's learner through the `learner_name` filter, which shows "a learner" unless the row
    says the name may be shown.
    """
    from learners.permissions import learners_visible_to

    prefix = f"{learner_path}__" if learner_path else ""
    if is_provider_user(user):
        return annotate_provider_view(qs, user.provider_id, learner_path)
    if getattr(user, "is_authenticated", False) and user.role in (User.Role.STAFF, User.Role.LEARNER):
        visible = Q(**{f"{prefix}pk__in": learners_visible_to(user).values("pk")})
        return qs.annotate(**{SHOWS_NAME: _as_bool(visible), SHOWS_CONTACT: _as_bool(visible)})
    return qs.annotate(**{SHOWS_NAME: Value(False), SHOWS_CONTACT: Value(False)})


def annotate_provider_view(qs: QuerySet, provider_id, learner_path: str = "") -> QuerySet:
    """`qs` with SHOWS_NAME and SHOWS_CONTACT on every row, as this provider may see them."""
    name, contact = _provider_expressions(provider_id, learner_path)
    return qs.annotate(**{SHOWS_NAME: _as_bool(name), SHOWS_CONTACT: _as_bool(contact)})


def mark_names_shown_to_provider(rows, provider_id, learner_id_of) -> None:
    """Sets SHOWS_NAME on every row of `rows` as annotate_provider_view would, from one query for all.

    For a page with several lists (the provider home): the rule is asked once for the learners of every
    row (`learner_id_of(row)` gives a row's learner id, None for none), instead of inside each list's
    query, where the database plans it again for each. Rows get no SHOWS_CONTACT: use this only where
    no contact details are printed.
    """
    ids = {learner_id_of(row) for row in rows} - {None}
    named = set(learners_named_for_provider(provider_id).filter(pk__in=ids).order_by()
                .values_list("pk", flat=True)) if ids else set()
    for row in rows:
        setattr(row, SHOWS_NAME, learner_id_of(row) in named)


def provider_learner_view(provider_id, learner) -> LearnerView:
    """What this provider's users may see of this learner: the one decision every provider page uses."""
    from learners.models import Learner

    row = (annotate_provider_view(Learner.objects.filter(pk=learner.pk), provider_id)
           .values(SHOWS_NAME, SHOWS_CONTACT).first())
    if row is None:
        return LearnerView(name=False, contact=False)
    return LearnerView(name=row[SHOWS_NAME], contact=row[SHOWS_CONTACT])


def learners_named_for_provider(provider_id) -> QuerySet:
    """The learners whose name this provider may see (the provider's learner page fetches through this)."""
    from learners.models import Learner

    name, _ = _provider_expressions(provider_id, "")
    return Learner.objects.filter(name)

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import VACANCY_TRANSITIONS, RingFence, Vacancy

# A filled vacancy is final; interview places can be kept only on a vacancy still to be advertised or open.
RING_FENCEABLE_STATUSES = (Vacancy.Status.DRAFT, Vacancy.Status.OPEN)
EDITABLE_FIELDS = {
    "site", "role_title", "setting", "summary", "hours_per_week", "works_days", "works_nights", "sleep_ins",
    "works_weekends", "shift_notes", "pay_amount", "pay_period", "contract", "driving_required",
    "closing_date", "good_parts", "hard_parts",
}


def vacancy_can_be_edited(vacancy: Vacancy) -> bool:
    return vacancy.status != Vacancy.Status.FILLED


def vacancy_can_be_ring_fenced(vacancy: Vacancy) -> bool:
    return vacancy.status in RING_FENCEABLE_STATUSES


def _check_closing_date(closing_date: datetime.date | None) -> None:
    if closing_date is not None and closing_date < timezone.localdate():
        raise ValidationError({"closing_date": "The closing date cannot be in the past."})


def _check_site(provider, site) -> None:
    if site is not None and site.provider_id != provider.pk:
        raise ValidationError({"site": "Choose one of the provider's own sites."})


@transaction.atomic
def vacancy_create(*, provider, by=None, client_groups=(), status: str = Vacancy.Status.DRAFT,
                   **fields) -> Vacancy:
    """A new vacancy at one of the provider's sites, closing today or later, with pay above £0."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unexpected vacancy fields: {sorted(unknown)}")
    _check_site(provider, fields.get("site"))
    _check_closing_date(fields.get("closing_date"))
    if status not in (Vacancy.Status.DRAFT, Vacancy.Status.OPEN):
        raise ValidationError({"status": "A new vacancy is either a draft or open."})
    vacancy = Vacancy(provider=provider, created_by=by, status=status, **fields)
    vacancy.full_clean()
    vacancy.save()
    vacancy.client_groups.set(client_groups)
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, by=None, client_groups=None, **fields) -> Vacancy:
    """Edits a vacancy. A changed closing date may not be in the past; a filled vacancy is final."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unexpected vacancy fields: {sorted(unknown)}")
    if not vacancy_can_be_edited(vacancy):
        raise ValidationError("This vacancy has been filled and can no longer be changed.")
    _check_site(vacancy.provider, fields.get("site"))
    if "closing_date" in fields and fields["closing_date"] != vacancy.closing_date:
        _check_closing_date(fields["closing_date"])
    for name, value in fields.items():
        setattr(vacancy, name, value)
    vacancy.full_clean()
    vacancy.save()
    if client_groups is not None:
        vacancy.client_groups.set(client_groups)
    return vacancy


@transaction.atomic
def vacancy_transition(*, vacancy: Vacancy, to_status: str, by=None) -> Vacancy:
    """Moves a vacancy between draft, open, closed and filled; refuses moves that make no sense.

    Opening (or re-opening) needs a closing date today or later, so the guide never lists a job
    that has already closed.
    """
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    current = vacancy.status
    if to_status not in VACANCY_TRANSITIONS[current]:
        raise ValidationError(
            f"A vacancy that is “{Vacancy.Status(current).label}” cannot be made “{Vacancy.Status(to_status).label}”.",
            code="status_not_allowed",
        )
    if to_status == Vacancy.Status.OPEN and vacancy.closing_date < timezone.localdate():
        raise ValidationError("The closing date has passed: change it to today or later before opening the vacancy.")
    vacancy.status = to_status
    vacancy.save(update_fields=["status", "updated_at"])
    return vacancy


@transaction.atomic
def ring_fence_create(*, vacancy: Vacancy, cohort, places: int, by=None, note: str = "") -> RingFence:
    """A provider keeps `places` interviews on a vacancy for a cohort (the guaranteed interview)."""
    if not vacancy_can_be_ring_fenced(vacancy):
        raise ValidationError("Only a draft or open vacancy can have interview places ring-fenced.")
    if cohort.end_date < timezone.localdate() - datetime.timedelta(weeks=12):
        raise ValidationError({"cohort": "That cohort finished more than twelve weeks ago."})
    ring_fence = RingFence(vacancy=vacancy, cohort=cohort, places=places, note=note, created_by=by)
    ring_fence.full_clean()
    ring_fence.save()
    return ring_fence


def ring_fence_update(*, ring_fence: RingFence, places: int, note: str = "") -> RingFence:
    ring_fence.places = places
    ring_fence.note = note
    ring_fence.full_clean()
    ring_fence.save()
    return ring_fence


def ring_fence_delete(*, ring_fence: RingFence) -> None:
    ring_fence.delete()

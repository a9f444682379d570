"""Reminders: who is due which reminder today, sending each exactly once, and people's preferences.

Each kind has a finder (reminders.finders) that yields `Due` items from what the app owning the records
says is due: its selectors decide, the finder only words the reminder. `reminders_send_due` is what
Celery beat runs (reminders.tasks).
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from academy.models import User

from .models import ReminderKind, ReminderPreference, SentReminder

logger = logging.getLogger(__name__)

# Which reminders each kind of user can get (and so sees on their preferences page).
KINDS_BY_ROLE = {
    User.Role.LEARNER: [ReminderKind.INTERVIEW_TOMORROW, ReminderKind.PLACEMENT_STARTING,
                        ReminderKind.FOLLOW_UP_SURVEY],
    User.Role.PROVIDER: [ReminderKind.INTERVIEW_TOMORROW, ReminderKind.PLACEMENT_STARTING,
                         ReminderKind.VACANCY_CLOSING],
    User.Role.STAFF: [ReminderKind.CHECKS_OUTSTANDING, ReminderKind.DBS_RECHECK_DUE],
    User.Role.PARTNER: [],
}

# How far ahead reminders look; settings may override them per deployment. When a DBS re-check or a
# follow-up survey is due is the owning app's rule (learners.selectors, impact.selectors.surveys).
PLACEMENT_STARTING_DAYS = getattr(settings, "REMINDER_PLACEMENT_STARTING_DAYS", 2)
CHECKS_OUTSTANDING_DAYS = getattr(settings, "REMINDER_CHECKS_OUTSTANDING_DAYS", 7)
VACANCY_CLOSING_DAYS = getattr(settings, "REMINDER_VACANCY_CLOSING_DAYS", 7)


@dataclass(frozen=True)
class Due:
    kind: str
    object_key: str
    recipient: User
    subject: str
    body: str
    link: str = ""


FINDERS: dict[str, Callable[[datetime.date], Iterable[Due]]] = {}


def finder(kind):
    def register(function):
        FINDERS[kind] = function
        return function

    return register


def _staff_for_locality(locality_id):
    """Active staff who cover the locality (staff with no localities cover them all)."""
    return User.objects.filter(role=User.Role.STAFF, is_active=True).filter(
        Q(localities__id=locality_id) | Q(localities__isnull=True)
    ).distinct()


def _provider_users(provider_id):
    return User.objects.filter(role=User.Role.PROVIDER, provider_id=provider_id, is_active=True)


def _wanted(recipient, kind, switched_off: set) -> bool:
    return recipient.is_active and (recipient.pk, kind) not in switched_off


def reminders_due(*, today: datetime.date | None = None) -> list[Due]:
    today = today or timezone.localdate()
    due = []
    for kind, find in FINDERS.items():
        try:
            due.extend(find(today))
        except Exception:  # noqa: BLE001 - one broken finder must not stop the other reminders
            logger.exception("Reminder finder %s failed", kind)
    return due


def reminders_send_due(*, today: datetime.date | None = None) -> int:
    """Sends each due reminder once: by email and onto the recipient's home page.

    The (kind, object, recipient) unique constraint is the guard: a reminder already recorded is
    skipped, so rerunning the schedule (or two beat runs racing) sends nothing twice. The record
    and the email share a transaction: if the email cannot be sent, nothing is recorded and the
    next run tries again. People who switched a kind off are skipped.
    """
    due = reminders_due(today=today)
    if not due:
        return 0
    switched_off = set(ReminderPreference.objects.filter(enabled=False).values_list("user_id", "kind"))
    already = set(
        SentReminder.objects.filter(kind__in={d.kind for d in due}, object_key__in={d.object_key for d in due})
        .values_list("kind", "object_key", "recipient_id")
    )
    sent = 0
    for item in due:
        if (item.kind, item.object_key, item.recipient.pk) in already:
            continue
        if not _wanted(item.recipient, item.kind, switched_off):
            continue
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    kind=item.kind, object_key=item.object_key, recipient=item.recipient, subject=item.subject[:200],
                    body=item.body, link=item.link[:300], emailed=bool(item.recipient.email),
                )
                if item.recipient.email:
                    send_mail(
                        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + item.subject, _email_body(item),
                        settings.DEFAULT_FROM_EMAIL, [item.recipient.email],
                    )
        except IntegrityError:
            continue  # sent meanwhile by another run
        already.add((item.kind, item.object_key, item.recipient.pk))
        sent += 1
    return sent


def _email_body(item: Due) -> str:
    text = f"{item.body}\n"
    if item.link:
        base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
        text += f"\n{base}{item.link}\n"
    text += ("\nYou can choose which reminders you get on the reminder settings page of the portal.\n"
             f"{settings.ACADEMY_NAME}\n")
    return text


# Preferences and the home-page list ------------------------------------------------------------

def reminder_kinds_for(user) -> list:
    return list(KINDS_BY_ROLE.get(user.role, []))


def reminder_preferences_for(*, user) -> list[dict]:
    off = set(ReminderPreference.objects.filter(user=user, enabled=False).values_list("kind", flat=True))
    return [{"kind": kind.value, "label": kind.label, "enabled": kind.value not in off}
            for kind in reminder_kinds_for(user)]


@transaction.atomic
def reminder_preferences_set(*, user, enabled_kinds: Iterable[str]) -> None:
    """Switches each of the user's reminder kinds on or off; kinds not offered to the role are ignored."""
    enabled_kinds = set(enabled_kinds)
    for kind in reminder_kinds_for(user):
        preference, _ = ReminderPreference.objects.get_or_create(user=user, kind=kind)
        preference.enabled = kind.value in enabled_kinds
        preference.full_clean()
        preference.save()


def reminders_for_home(*, user, limit: int = 5):
    """The user's recent reminders not yet dismissed, newest first."""
    since = timezone.now() - datetime.timedelta(days=30)
    return list(SentReminder.objects.filter(recipient=user, dismissed_at__isnull=True, sent_at__gte=since)[:limit])


def reminder_dismiss(*, reminder: SentReminder, user) -> None:
    if reminder.recipient_id != user.pk:
        raise PermissionError("Not your reminder.")
    reminder.dismissed_at = timezone.now()
    reminder.save(update_fields=["dismissed_at"])

from allauth.account.models import EmailAddress
from allauth.core.internal.httpkit import get_client_ip
from django.db import transaction
from django.http import HttpRequest

from .models import AuditEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as allauth's rate limits see it.

    X-Forwarded-For is trusted only for the number of proxies named in
    DJANGO_TRUSTED_PROXY_COUNT, so a client cannot write any address it likes into the log.
    """
    if request is None:
        return None
    return get_client_ip(request)


def _storable(text: str, limit: int) -> str:
    """Text a database column can take: NUL (refused by PostgreSQL) written as \\x00, then capped.

    Notes carry request paths, which anyone can fill with anything ("/learners/1/add/%00/").
    """
    return str(text).replace("\x00", "\\x00")[:limit]


def _audit_event(*, action, actor, request, obj, learner_id, note) -> AuditEvent:
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent(
        actor=actor,
        actor_email=getattr(actor, "email", "") or "",
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=_storable(obj.pk, AuditEvent._meta.get_field("object_id").max_length) if obj is not None else "",
        learner_id=learner_id,
        ip_address=client_ip(request),
        note=_storable(note, AuditEvent._meta.get_field("note").max_length),
    )


def audit_record(*, action: str, actor=None, request: HttpRequest | None = None, obj=None,
                 learner_id: int | None = None, note: str = "") -> AuditEvent:
    """Append an audit event. Only references and an action name are stored, never the data seen."""
    event = _audit_event(action=action, actor=actor, request=request, obj=obj, learner_id=learner_id, note=note)
    event.save()
    return event


def audit_record_each(*, action: str, objs, actor=None, request: HttpRequest | None = None,
                      learner_id: int | None = None, note: str = "") -> list[AuditEvent]:
    """One audit event per object, written in a single query (a page showing several DBS checks
    records each check it revealed without its query count growing with them)."""
    return audit_record_batch(events=[(action, obj) for obj in objs], actor=actor, request=request,
                              learner_id=learner_id, note=note)


def audit_record_batch(*, events, actor=None, request: HttpRequest | None = None,
                       learner_id: int | None = None, note: str = "") -> list[AuditEvent]:
    """Audit events for (action, object) pairs in one insert: a page that reveals DBS checks and
    right-to-work checks together writes one query, not one per kind."""
    return AuditEvent.objects.bulk_create([
        _audit_event(action=action, actor=actor, request=request, obj=obj, learner_id=learner_id, note=note)
        for action, obj in events
    ])


@transaction.atomic
def account_create(*, email: str, role: str, first_name: str = "", last_name: str = "",
                   password: str | None = None, email_verified: bool = False, **extra) -> User:
    """Create a portal account and the allauth email address it signs in with.

    Every account gets exactly one primary EmailAddress, so allauth's mandatory email
    verification, password reset and MFA setup treat it consistently. `email_verified=True`
    is for addresses the academy has checked itself (staff, providers, partners it set up);
    people who apply online are created unverified and prove the address from the link they
    are sent. Without a password the account cannot sign in until a password is set from a
    reset link. Role rules (a provider user needs a provider, a partner an organisation) are
    checked by the model's constraints through full_clean().
    """
    user = User(email=User.objects.normalize_email(email).lower(), role=role,
                first_name=first_name, last_name=last_name, **extra)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


def account_email_mark_verified(*, user: User) -> EmailAddress:
    """Record that the academy has checked the user's address (used for accounts it makes itself)."""
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    return address


@transaction.atomic
def account_totp_activate(*, user: User, secret: str):
    """Give the account a TOTP authenticator with the given base32 secret, plus recovery codes.

    Stored through allauth's own API, exactly as its setup page would. If the account already
    has a TOTP authenticator that one is kept (so seeding twice changes nothing).
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    totp = existing or TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return totp


def record_save(record, **fields):
    """Sets `fields` on a new or existing record, validates it with its model's rules and saves it."""
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record

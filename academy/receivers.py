"""Reactions to allauth events it reports only as signals: audit records for MFA, and a password reset
that proves the email address. Also: a staff member's cached localities are forgotten when they change."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import User
from .services import account_email_mark_verified, audit_record


@receiver(mfa_signals.authentication_failed)
def record_mfa_failure(sender, request, user, **kwargs):
    audit_record(action="auth.mfa_failed", actor=user, request=request)


@receiver(mfa_signals.authenticator_added)
def record_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit_record(action="auth.mfa_added", actor=user, request=request, note=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def record_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit_record(action="auth.mfa_removed", actor=user, request=request, note=authenticator.type)


@receiver(account_signals.password_reset)
def email_verified_by_password_reset(sender, request, user, **kwargs):
    """The reset link went to the account's address, so following it proves the address: a new applicant
    who sets their first password from that link is not asked to confirm their email a second time."""
    account_email_mark_verified(user=user)


@receiver(m2m_changed, sender=User.localities.through)
def forget_cached_localities(sender, instance, **kwargs):
    # Only the object whose localities changed can hold a stale copy (User.locality_ids); other copies
    # of the user are read fresh on their next request.
    if isinstance(instance, User):
        instance.__dict__.pop("locality_ids", None)

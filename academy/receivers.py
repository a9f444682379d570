"""Audit records for allauth MFA events, which allauth reports only as signals."""

from allauth.mfa import signals as mfa_signals
from django.dispatch import receiver

from .services import audit_record


@receiver(mfa_signals.authentication_failed)
def record_mfa_failure(sender, request, user, **kwargs):
    audit_record(action="auth.mfa_failed", actor=user, request=request)


@receiver(mfa_signals.authenticator_added)
def record_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit_record(action="auth.mfa_added", actor=user, request=request, note=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def record_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit_record(action="auth.mfa_removed", actor=user, request=request, note=authenticator.type)

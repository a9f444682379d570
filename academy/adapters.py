"""allauth hooks: where each role lands, closed sign-up, and the audit trail of sign-ins.

What the audit log stores about a failed sign-in: the account it was aimed at when the typed
address belongs to one (as the actor, so staff can see attacks on an account), otherwise only
"unknown account". The typed text itself is never stored: people sometimes type a password
into the email box, and an unknown address may be someone else's personal data. Passwords are
never passed to the audit log at all.

MFAAdapter keeps TOTP secrets and recovery-code seeds encrypted in the database (see
academy.mfa_encryption for the keys and how to rotate them).
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url

from . import login_unlock, mfa_encryption
from .models import User
from .permissions import home_url_name_for
from .services import audit_record


def _account_for_login(credentials) -> User | None:
    email = credentials.get("email") or ""
    if not email:
        return None
    return User.objects.filter(email__iexact=email.strip()).first()


class AccountAdapter(DefaultAccountAdapter):
    """Sends each role to its own home after login and records sign-ins in the audit log."""

    def get_login_redirect_url(self, request):
        return resolve_url(home_url_name_for(request.user))

    def is_open_for_signup(self, request):
        # Accounts are made by the academy (staff, providers, partners) or by applying for a course.
        return False

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            account = _account_for_login(credentials)
            audit_record(action="auth.login_throttled", actor=account, request=request,
                         note="" if account else "unknown account")
            # The page says the same whoever the address belongs to; the owner gets a way back in.
            if account is not None and login_unlock.account_limit_reached(request, credentials=credentials):
                login_unlock.unlock_email_send(request, user=account)
            raise

    def authentication_failed(self, request, **credentials):
        account = _account_for_login(credentials)
        audit_record(action="auth.login_failed", actor=account, request=request,
                     note="" if account else "unknown account")
        super().authentication_failed(request, **credentials)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        audit_record(action="auth.login", actor=user, request=request)
        return response

    def logout(self, request):
        if request.user.is_authenticated:
            audit_record(action="auth.logout", actor=request.user, request=request)
        super().logout(request)

    def set_password(self, user, password):
        """A new password ends every other session of the account (this one stays signed in)."""
        from allauth.usersessions.adapter import get_adapter as get_usersessions_adapter
        from allauth.usersessions.models import UserSession

        super().set_password(user, password)
        request = context.request
        current_key = request.session.session_key if request is not None else None
        others = UserSession.objects.filter(user_id=user.pk).exclude(session_key=current_key or "")
        get_usersessions_adapter().end_sessions(list(others))
        audit_record(action="auth.password_changed", actor=user, request=request)


class MFAAdapter(DefaultMFAAdapter):
    """Encrypts the secrets allauth stores for TOTP and recovery codes (Fernet, keys from settings).

    allauth calls encrypt() when it saves a TOTP secret (TOTP.activate) or a recovery-code seed
    (RecoveryCodes.activate), and decrypt() whenever it checks a code or lists the recovery codes.
    Our own code that reads or writes them goes through allauth.mfa.utils, which calls these too.
    """

    def encrypt(self, text: str) -> str:
        return mfa_encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_encryption.decrypt(encrypted_text)

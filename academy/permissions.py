"""Who may open which part of the portal. Object-level rules live in each app's permissions.py."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import User

ROLE_HOMES = {
    User.Role.STAFF: "workqueue:home",
    User.Role.PROVIDER: "providers:home",
    User.Role.LEARNER: "learners:me",
    User.Role.PARTNER: "impact:dashboard",
}


# Roles that hold or see personal data of many learners must sign in with a second factor.
MFA_REQUIRED_ROLES = frozenset({User.Role.STAFF, User.Role.PROVIDER})


def home_url_name_for(user) -> str:
    return ROLE_HOMES[user.role]


def mfa_required_for(user) -> bool:
    return user.is_authenticated and user.role in MFA_REQUIRED_ROLES


def has_active_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def mfa_setup_needed(user) -> bool:
    """The one rule for MFA: staff and provider users without a TOTP authenticator must set one up."""
    return mfa_required_for(user) and not has_active_totp(user)


def may_use_admin(user) -> bool:
    """The Django admin is for academy staff that also carry Django's is_staff flag."""
    return user.is_active and user.is_staff and user.role == User.Role.STAFF


def role_required(*roles):
    """Anonymous users go to the login page; a signed-in user of another role gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                raise PermissionDenied("This part of the portal is not for your account type.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(User.Role.STAFF)
provider_required = role_required(User.Role.PROVIDER)
learner_required = role_required(User.Role.LEARNER)
partner_required = role_required(User.Role.PARTNER)

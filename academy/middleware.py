from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from .parsing import whole_number
from .permissions import mfa_required_for, mfa_setup_needed

# Pages a user who still has to set up MFA may open: signing in and out, the account and
# MFA pages themselves (allauth names them account_*, mfa_*, usersessions_*).
MFA_EXEMPT_URL_PREFIXES = ("account_", "mfa_", "usersessions_")
MFA_EXEMPT_URL_NAMES = frozenset({"healthz"})
MFA_CHECKED_SESSION_KEY = "academy.mfa_checked_for"


class ContentSecurityPolicyMiddleware:
    """Adds a strict CSP: no inline scripts or styles, everything from our own origin."""

    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'self'; object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/") or not settings.DEBUG:
            response.setdefault("Content-Security-Policy", self.policy)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def _is_exempt(path: str) -> bool:
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        url_name = resolve(path).url_name or ""
    except Resolver404:
        return False
    return url_name in MFA_EXEMPT_URL_NAMES or url_name.startswith(MFA_EXEMPT_URL_PREFIXES)


class RequireMfaMiddleware:
    """Staff and provider users without a TOTP authenticator go to the TOTP setup page first.

    The rule itself is academy.permissions.mfa_setup_needed. Once a session has passed the
    check it is remembered there, so ordinary pages cost no query; visiting any account or
    MFA page (where TOTP can be turned off) forgets it, so the check runs again afterwards.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if mfa_required_for(user):
            if _is_exempt(request.path_info):
                request.session.pop(MFA_CHECKED_SESSION_KEY, None)
            elif request.session.get(MFA_CHECKED_SESSION_KEY) != user.pk:
                if mfa_setup_needed(user):
                    messages.warning(
                        request,
                        "Academy staff and provider accounts must use an authenticator app. "
                        "Set one up to continue.",
                    )
                    return redirect("mfa_activate_totp")
                request.session[MFA_CHECKED_SESSION_KEY] = user.pk
        return self.get_response(request)


def refuses_oversized_body(*, limit_bytes: int, respond):
    """Marks a view (as its outermost decorator) whose POSTs declaring a body over `limit_bytes` are
    answered by `respond(request, size, *args, **kwargs)` before anything reads the body."""
    def mark(view):
        view.oversized_body = (limit_bytes, respond)
        return view
    return mark


class OversizedBodyMiddleware:
    """Refuses an upload too large from the size its headers declare, before the CSRF middleware (which
    must parse the body to find the token) would read it all. Listed before CsrfViewMiddleware; every
    request within the limit is checked for CSRF as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        marked = getattr(view_func, "oversized_body", None)
        if marked is None or request.method != "POST":
            return None
        limit_bytes, respond = marked
        size = whole_number(request.META.get("CONTENT_LENGTH")) or 0
        if size <= limit_bytes:
            return None
        return respond(request, size, *view_args, **view_kwargs)

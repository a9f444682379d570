from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import login_unlock
from .forms import AuditSearchForm
from .permissions import home_url_name_for, staff_required
from .selectors import audit_events_search, broker_state, cache_state, database_is_up
from .services import audit_record

AUDIT_PAGE_SIZE = 50


def index(request):
    """Public landing page: what the academy offers and where to start."""
    return render(request, "academy/index.html")


def home_redirect(request):
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect(home_url_name_for(request.user))


@require_GET
@staff_required
def audit_log(request):
    """Read-only search of the audit log; there is no way to change or remove an event here."""
    form = AuditSearchForm(request.GET or None)
    events = audit_events_search()
    if form.is_bound and form.is_valid():
        events = audit_events_search(**form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "academy/audit_log.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@never_cache
def login_unlock_view(request, token):
    """The link emailed when an account's failed sign-in limit was reached: clears it, then sign in."""
    user = login_unlock.unlock_token_user(token)
    if user is None:
        return render(request, "academy/login_unlock.html", {"unlocked": False}, status=400)
    login_unlock.login_unlock(request, user=user)
    audit_record(action="auth.login_unlocked", actor=user, request=request)
    return render(request, "academy/login_unlock.html", {"unlocked": True})


def permission_denied(request, exception=None):
    """handler403: every refusal is written to the audit log (the path only, never the query string)."""
    audit_record(action="access.refused", request=request, note=f"{request.method} {request.path}")
    return render(request, "403.html", status=403)


@require_GET
@never_cache
def healthz(request):
    """Each dependency on its own. Only the database is essential (503 without it); without the cache
    pages are slower, and without the broker background work cannot start ("degraded", 200)."""
    db_up = database_is_up()
    cache = cache_state()
    broker = broker_state()
    status = "unavailable" if not db_up else "degraded" if "down" in (cache, broker) else "ok"
    body = {"status": status, "database": "up" if db_up else "down", "cache": cache, "broker": broker}
    return JsonResponse(body, status=200 if db_up else 503)

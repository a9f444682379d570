from django.conf import settings
from django.db import connection


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # noqa: BLE001 - any failure means "down" for the health check
        return False


def broker_state() -> str:
    """'in-process' without a broker, else 'up' or 'down' from a short ping of Redis."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return "in-process"
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return "up"
    except Exception:  # noqa: BLE001
        return "down"


def cache_state() -> str:
    """'local' for a per-process cache (no Redis), else 'up' or 'down' from a direct ping.

    The shared cache fails open (academy.cache_backends), so pages keep working without it: the health
    check is where its outage shows.
    """
    from django.core.cache import cache

    is_reachable = getattr(cache, "is_reachable", None)
    if is_reachable is None:
        return "local"
    return "up" if is_reachable() else "down"


def audit_events_search(*, actor_email: str = "", action: str = "", learner_id: int | None = None,
                        date_from=None, date_to=None):
    """Audit events matching the staff search, newest first. Dates are inclusive, in local time."""
    from .models import AuditEvent

    events = AuditEvent.objects.all()
    if actor_email:
        events = events.filter(actor_email__icontains=actor_email.strip())
    if action:
        events = events.filter(action__startswith=action.strip())
    if learner_id is not None:
        events = events.filter(learner_id=learner_id)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-at", "-pk")

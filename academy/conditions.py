"""A rule written once as a Q, used both in queries and on a single object already in memory.

`q_holds(q, obj)` evaluates a Q made of plain field lookups (exact, in, isnull) against an instance,
without a query; `q_prefixed(q, "learner__dbs_checks__")` reuses the same Q across a relation (in a
filter, an annotation's filter, a Count). So a model property and a queryset method can share one
definition instead of each spelling the rule out.
"""

from django.db.models import Q


def q_prefixed(q: Q, prefix: str) -> Q:
    """The same condition, with every lookup reached through `prefix` (e.g. "learner__dbs_checks__")."""
    children = [q_prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
                for child in q.children]
    return Q(*children, _connector=q.connector, _negated=q.negated)


def _lookup_holds(obj, lookup: str, value) -> bool:
    field, _, operator = lookup.partition("__")
    if operator not in ("", "exact", "in", "isnull"):
        raise ValueError(f"q_holds decides the object's own fields with exact, in or isnull only, not {lookup!r}.")
    actual = getattr(obj, field)
    if operator == "in":
        return actual in value
    if operator == "isnull":
        return (actual is None) == value
    return actual == value


def q_holds(q: Q, obj) -> bool:
    """Whether the object meets the condition, as the database would decide it for its saved values."""
    results = (q_holds(child, obj) if isinstance(child, Q) else _lookup_holds(obj, *child) for child in q.children)
    held = all(results) if q.connector == Q.AND else any(results)
    return held != q.negated

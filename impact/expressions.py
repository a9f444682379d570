"""Database expressions the impact figures need and Django does not ship: a median and a day count.

PostgreSQL computes the median with percentile_cont. SQLite has no median, so the app registers a
small aggregate function on each SQLite connection (see ImpactConfig.ready): the work still happens
inside the database engine, in the one query, never as a Python loop over fetched rows.
"""

import statistics

from django.db.models import Aggregate, FloatField, Func


class Median(Aggregate):
    """The median of a numeric expression; NULLs are ignored."""

    function = "PERCENTILE_CONT"
    name = "Median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="IMPACT_MEDIAN", template="%(function)s(%(expressions)s)",
                              **extra_context)

    def as_mysql(self, compiler, connection, **extra_context):  # pragma: no cover - not a target database
        raise NotImplementedError("Median needs PostgreSQL or SQLite.")


class DaysBetween(Func):
    """(end - start) in days, as a float; NULL when either end is NULL."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return f"(EXTRACT(EPOCH FROM ({end_sql} - {start_sql})) / 86400.0)", (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return f"(julianday({end_sql}) - julianday({start_sql}))", (*end_params, *start_params)


class _SqliteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: adds IMPACT_MEDIAN to every new SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("IMPACT_MEDIAN", 1, _SqliteMedian)

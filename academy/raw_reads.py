"""One-row reads sent as written SQL, for the two reads every signed-in request makes: its session
and its user.

Compiling a queryset costs the ORM about 0.5 ms on this stack even for a lookup by key, four times
what sending the statement and building the instance take. Here the statement is built once per
model and condition; each value still goes through the converters the ORM would apply (a datetime
is aware on SQLite as on PostgreSQL), and the instance is made by `Model.from_db`, as a queryset
makes it, so nothing on it is deferred.
"""

from functools import cache

from django.db import connections, router


@cache
def _reader(model, where: str, using: str):
    connection = connections[using]
    fields = model._meta.concrete_fields
    table = model._meta.db_table
    quote = connection.ops.quote_name
    # `where` is a constant of the caller's code; every value reaches the database as a parameter.
    sql = f"SELECT {', '.join(quote(f.column) for f in fields)} FROM {quote(table)} WHERE {where}"  # noqa: S608
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(table)
        found = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
        if found:
            converters.append((index, column, found))
    return sql, [f.attname for f in fields], converters


def first_row(model, where: str, params: list):
    """The first `model` instance whose row matches `where` (SQL with %s placeholders for `params`,
    naming columns unquoted), or None."""
    using = router.db_for_read(model)
    sql, attnames, converters = _reader(model, where, using)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, column, functions in converters:
        for convert in functions:
            values[index] = convert(values[index], column, connection)
    return model.from_db(using, attnames, values)


def db_value(model, field_name: str, value):
    """`value` as the database stores `model.field_name` (a datetime is a string on SQLite), for a
    parameter of first_row."""
    using = router.db_for_read(model)
    return model._meta.get_field(field_name).get_db_prep_value(value, connections[using])

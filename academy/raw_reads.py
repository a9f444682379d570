"""One-row reads sent as written SQL, for the read every signed-in request makes: its session with
the user it signs in.

Compiling a queryset costs the ORM about 0.5 ms on this stack even for a lookup by key, four times
what sending the statement and building the instance take. Here the statement is built once per
model and condition; each value still goes through the converters the ORM would apply (a datetime
is aware on SQLite as on PostgreSQL), and instances are made by `Model.from_db`, as a queryset makes
them, so nothing on them is deferred.
"""

from functools import cache

from django.db import connections, router


@cache
def _reader(model, where: str, related: str, using: str):
    """The statement, and for each model read (`model`, then the one its foreign key `related` points
    to) where its columns start, their attribute names, where its primary key is among them and their
    converters."""
    connection = connections[using]
    quote = connection.ops.quote_name
    tables = [(model, "t0")]
    join = ""
    if related:
        field = model._meta.get_field(related)
        tables.append((field.related_model, "t1"))
        join = (f" LEFT JOIN {quote(field.related_model._meta.db_table)} t1"
                f" ON t1.{quote(field.target_field.column)} = t0.{quote(field.column)}")
    select, parts = [], []
    for table_model, alias in tables:
        fields = table_model._meta.concrete_fields
        converters = []
        for index, field in enumerate(fields, start=len(select)):
            column = field.get_col(alias)
            found = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
            if found:
                converters.append((index, column, found))
        names = [f.attname for f in fields]
        parts.append((table_model, len(select), names, names.index(table_model._meta.pk.attname), converters))
        select += [f"{alias}.{quote(f.column)}" for f in fields]
    # `where` is a constant of the caller's code; every value reaches the database as a parameter.
    sql = f"SELECT {', '.join(select)} FROM {quote(model._meta.db_table)} t0{join} WHERE {where}"  # noqa: S608
    return sql, parts


def first_row(model, where: str, params: list, *, related: str = ""):
    """The first `model` instance whose row matches `where` (SQL with %s placeholders for `params`,
    naming columns as t0.column), or None. With `related`, the name of a foreign key, the object it
    points to is read in the same statement and cached on the instance, as select_related does."""
    using = router.db_for_read(model)
    sql, parts = _reader(model, where, related, using)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for *_where, converters in parts:
        for index, column, functions in converters:
            for convert in functions:
                values[index] = convert(values[index], column, connection)
    # A related row the LEFT JOIN did not find has a NULL primary key: no object.
    instances = [part_model.from_db(using, names, values[start:start + len(names)])
                 if values[start + pk_index] is not None else None
                 for part_model, start, names, pk_index, _converters in parts]
    if related:
        model._meta.get_field(related).set_cached_value(instances[0], instances[1])
    return instances[0]


def db_value(model, field_name: str, value):
    """`value` as the database stores `model.field_name` (a datetime is a string on SQLite), for a
    parameter of first_row."""
    using = router.db_for_read(model)
    return model._meta.get_field(field_name).get_db_prep_value(value, connections[using])

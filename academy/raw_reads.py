"""Reads sent as written SQL, for the reads that every signed-in request, or a busy personal page,
makes: a session with the user it signs in (first_row), and the rows a page would otherwise
prefetch one relation at a time (prefetch_rows).

Compiling a queryset costs the ORM about 0.5 ms on this stack even for a lookup by key, often more
than sending the statement and building the instances take. Here each statement is built once per
model and shape; each value still goes through the converters the ORM would apply (a datetime is
aware on SQLite as on PostgreSQL), and instances are made by `Model.from_db`, as a queryset makes
them.
"""

from functools import cache, lru_cache

from django.db import connections, router
from django.db.models import ManyToOneRel


def _columns(model, alias: str, fields, connection, start: int):
    """The SELECT list for `fields` of `model` under `alias`, their attribute names, and the converters
    of the columns that have any, as (index in the row, column, functions)."""
    quote = connection.ops.quote_name
    converters = []
    for index, field in enumerate(fields, start=start):
        column = field.get_col(alias)
        found = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
        if found:
            converters.append((index, column, found))
    return [f"{alias}.{quote(f.column)}" for f in fields], [f.attname for f in fields], converters


def _convert(values: list, converters, connection) -> None:
    for index, column, functions in converters:
        for convert in functions:
            values[index] = convert(values[index], column, connection)


def _select(model, chosen, joins, connection):
    """The SELECT list and LEFT JOINs that read the `chosen` fields of `model` (as t0) and, for each
    (foreign key, fields) in `joins`, those fields of the object it points to (as t1, t2...). With
    them, for each model read: (model, where its columns start, their attribute names, where its
    primary key is among them, their converters, the foreign key it was joined by or None)."""
    quote = connection.ops.quote_name
    tables = [(model, "t0", chosen, None)]
    sql_joins = ""
    for index, (field, fields) in enumerate(joins, start=1):
        alias = f"t{index}"
        tables.append((field.related_model, alias, fields, field))
        sql_joins += (f" LEFT JOIN {quote(field.related_model._meta.db_table)} {alias}"
                      f" ON {alias}.{quote(field.target_field.column)} = t0.{quote(field.column)}")
    select, parts = [], []
    for table_model, alias, fields, field in tables:
        columns, names, converters = _columns(table_model, alias, fields, connection, len(select))
        parts.append((table_model, len(select), names, names.index(table_model._meta.pk.attname), converters, field))
        select += columns
    return select, sql_joins, parts


def _instance(row, parts, using, connection):
    """The object a row read by _select holds, with each joined object cached on it as select_related
    leaves it (None where the LEFT JOIN found no row: a NULL primary key)."""
    values = list(row)
    for part in parts:
        _convert(values, part[4], connection)
    (model, _start, names, _pk_index, _converters, _field), *joins = parts
    instance = model.from_db(using, names, values[:len(names)])
    for join_model, start, join_names, pk_index, _converters, field in joins:
        found = (join_model.from_db(using, join_names, values[start:start + len(join_names)])
                 if values[start + pk_index] is not None else None)
        field.set_cached_value(instance, found)
    return instance


@cache
def _reader(model, where: str, related: str, using: str):
    """The statement, and the parts of its row (_select)."""
    connection = connections[using]
    joins = []
    if related:
        field = model._meta.get_field(related)
        joins.append((field, field.related_model._meta.concrete_fields))
    select, sql_joins, parts = _select(model, model._meta.concrete_fields, joins, connection)
    # `where` is a constant of the caller's code; every value reaches the database as a parameter.
    sql = (f"SELECT {', '.join(select)} FROM {connection.ops.quote_name(model._meta.db_table)} t0{sql_joins} "  # noqa: S608
           f"WHERE {where}")
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
    return _instance(row, parts, using, connection) if row is not None else None


def db_value(model, field_name: str, value):
    """`value` as the database stores `model.field_name` (a datetime is a string on SQLite), for a
    parameter of first_row."""
    using = router.db_for_read(model)
    return model._meta.get_field(field_name).get_db_prep_value(value, connections[using])


def _order_by_sql(model, order_by, connection, parent_key) -> str:
    """ORDER BY for field names of `model` itself ("-name" descending); "pk" is the primary key. The
    foreign key to the parent is left out: it is the same for all of one parent's rows."""
    parts = []
    for name in order_by:
        descending = name.startswith("-")
        name = name.lstrip("-")
        field = model._meta.pk if name == "pk" else model._meta.get_field(name) if "__" not in name else None
        if field == parent_key:
            continue
        # Ordering by another relation means the related model's ordering, which needs a join.
        if field is None or not field.concrete or field.is_relation:
            raise ValueError(f"prefetch_rows orders by {model.__name__}'s own columns only, not {name!r}")
        parts.append(f"t0.{connection.ops.quote_name(field.column)}{' DESC' if descending else ''}")
    return f" ORDER BY {', '.join(parts)}" if parts else ""


def _chosen_fields(model, fields, also=()):
    """The concrete fields of `model` to read: all of them without `fields`, else its primary key,
    `also` and `fields`, in the model's own order (Model.from_db defers the others by that order)."""
    if not fields:
        return list(model._meta.concrete_fields)
    wanted = {model._meta.pk, *also, *(model._meta.get_field(name) for name in fields)}
    return [f for f in model._meta.concrete_fields if f in wanted]


# One statement per model, relation, columns, joins, condition, order and number of parents: the
# number of parents varies little on the pages that use this (a learner's applications), and the least
# used statements are forgotten first.
@lru_cache(maxsize=512)
def _children_reader(rel, fields: tuple, related: tuple, where: str, order_by: tuple, count: int, using: str):
    """The statement, and the parts of its rows (_select)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    model, fk = rel.related_model, rel.field
    joins = []
    for name, related_fields in related:
        if "__" in name:
            raise ValueError(f"prefetch_rows joins the child's own foreign keys only, not {name!r}")
        field = model._meta.get_field(name)
        joins.append((field, _chosen_fields(field.related_model, related_fields)))
    chosen = _chosen_fields(model, fields, also=[fk, *(field for field, _fields in joins)])
    select, sql_joins, parts = _select(model, chosen, joins, connection)
    conditions = [f"t0.{quote(fk.column)} IN ({', '.join(['%s'] * count)})"]
    if where:
        conditions.append(f"({where})")
    order = _order_by_sql(model, model._meta.ordering if order_by is None else order_by, connection, fk)
    # The tables, columns and `where` are constants of the code; every value is a parameter.
    sql = (f"SELECT {', '.join(select)} FROM {quote(model._meta.db_table)} t0{sql_joins} "  # noqa: S608
           f"WHERE {' AND '.join(conditions)}{order}")
    return sql, parts


def prefetch_rows(parents, relation: str, *, fields: tuple = (), related: dict | None = None, where: str = "",
                  order_by: tuple | None = None, to_attr: str = "") -> list:
    """Reads, in one statement built once, the rows of the reverse foreign key `relation` of every
    parent in `parents` (instances of one model), and gives each parent its own, as
    prefetch_related(relation) would: `parent.<relation>.all()` then costs no query, and each row's
    foreign key to its parent is filled in. Returns every row read, for a further level.

    fields: the child's fields to read besides its primary key and the foreign key (all of them if
    empty; the others are deferred, as with only()). related: the child's own foreign keys to read in
    the same statement, each with the fields wanted of the object it points to ({"by": ("first_name",)};
    an empty tuple reads them all), cached on the row as select_related leaves it (None where the key
    is empty). where: a further condition in SQL, a constant naming the child's columns as t0.column.
    order_by: the child's own field names ("-at"); None keeps the model's Meta.ordering, () reads in no
    particular order. to_attr: a list attribute to set instead of the relation's prefetch cache, which
    is needed where `where` leaves rows out.
    """
    parents = list(parents)
    if not parents:
        return []
    rel = parents[0]._meta.get_field(relation)
    if type(rel) is not ManyToOneRel:  # not a forward key, a one-to-one or a many-to-many
        raise TypeError(f"prefetch_rows reads the reverse side of a foreign key, not {relation!r}")
    if where and not to_attr:
        raise ValueError("rows left out by `where` must go to a to_attr, not the relation's own cache")
    model = rel.related_model
    using = router.db_for_read(model)
    connection = connections[using]
    target_field = rel.field.target_field
    target = target_field.attname
    keys = list(dict.fromkeys(getattr(parent, target) for parent in parents))
    joined = tuple((name, tuple(wanted)) for name, wanted in (related or {}).items())
    sql, parts = _children_reader(
        rel, tuple(fields), joined, where, None if order_by is None else tuple(order_by), len(keys), using)
    with connection.cursor() as cursor:
        cursor.execute(sql, [target_field.get_db_prep_value(key, connection) for key in keys])
        children = [_instance(row, parts, using, connection) for row in cursor.fetchall()]
    by_parent = {}
    for child in children:
        by_parent.setdefault(getattr(child, rel.field.attname), []).append(child)
    for parent in parents:
        own = by_parent.get(getattr(parent, target), [])
        for child in own:
            rel.field.set_cached_value(child, parent)
        if to_attr:
            setattr(parent, to_attr, own)
        else:
            parent.__dict__.setdefault("_prefetched_objects_cache", {})[rel.cache_name] = _rows_of(parent, rel, own)
    return children


def _rows_of(parent, rel, rows):
    """The parent's rows as its related manager's queryset holding them, as prefetch_related leaves it.
    Its filter on the parent is only built if something chains a new query from it (.filter() asks
    the database for this parent's rows); the related managers defer it the same way."""
    queryset = rel.related_model._default_manager.get_queryset()
    queryset._defer_next_filter = True
    queryset = queryset.filter(**{rel.field.name: parent})
    queryset._result_cache, queryset._prefetch_done = rows, True
    return queryset

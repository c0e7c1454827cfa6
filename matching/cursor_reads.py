"""Big reads through the raw cursor: the ORM's own SQL (table and column names from the
models), its rows taken as the database driver gives them.

A values_list queryset spends most of its time per row in Python: fetching in chunks of
100 and running each field's converter. For integer, string, boolean and date columns
those converters change nothing here (Django's SQLite backend registers the driver's
converters for booleans and dates; psycopg returns them typed), so a national round's
million rows are read as plain tuples, or straight into int64 arrays. The model's default
ordering is dropped: callers sort what they need with numpy."""

from itertools import chain

import numpy as np
from django.db import connections
from django.db.models.expressions import RawSQL


def _executed(queryset, cursor):
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    cursor.execute(sql, params)


def raw_rows(queryset, *, ordered=False):
    """The rows of a `values_list` queryset as the driver's tuples, in no particular order
    unless `ordered` (then in the queryset's). Only for columns whose field converters are
    no-ops (see the module's note)."""
    with connections[queryset.db].cursor() as cursor:
        _executed(queryset if ordered else queryset.order_by(), cursor)
        return cursor.cursor.fetchall()


def id_columns(queryset):
    """The columns of a `values_list` queryset of non-null integers, as int64 arrays, one a
    column, in no particular order."""
    with connections[queryset.db].cursor() as cursor:
        _executed(queryset.order_by(), cursor)
        width = len(cursor.description)
        # fetchall builds the rows in C (psycopg iterates row by row in Python); they go as
        # soon as they are copied.
        flat = np.fromiter(chain.from_iterable(cursor.cursor.fetchall()), dtype=np.int64)
    return tuple(flat.reshape(-1, width).T.copy())


def id_set(ids, queryset):
    """The right-hand side of an `__in` filter for many integer ids, all selected by
    `queryset` (a `values` queryset, which may select more: the caller narrows the rows to
    the ids where that matters). On PostgreSQL the ids go as one array literal:
    the subquery over the million preferences they come from would be hashed again by every
    query that uses it (a third of a second each). SQLite builds an uncorrelated IN list
    once per query from the index, faster than parsing the ids from one parameter, so it
    takes the subquery."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset
    ids = np.unique(np.asarray(ids, dtype=np.int64))
    # One text parameter, not a list: psycopg would adapt a hundred thousand ints one by one.
    return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, ids.tolist())) + "}"])

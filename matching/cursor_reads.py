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


def _executed(queryset, cursor):
    sql, params = queryset.order_by().query.get_compiler(using=queryset.db).as_sql()
    cursor.execute(sql, params)


def raw_rows(queryset):
    """The rows of a `values_list` queryset as the driver's tuples, in no particular order.
    Only for columns whose field converters are no-ops (see the module's note)."""
    with connections[queryset.db].cursor() as cursor:
        _executed(queryset, cursor)
        return cursor.cursor.fetchall()


def id_columns(queryset):
    """The columns of a `values_list` queryset of non-null integers, as int64 arrays, one a
    column, in no particular order."""
    with connections[queryset.db].cursor() as cursor:
        _executed(queryset, cursor)
        width = len(cursor.description)
        # fetchall builds the rows in C (psycopg iterates row by row in Python); they go as
        # soon as they are copied.
        flat = np.fromiter(chain.from_iterable(cursor.cursor.fetchall()), dtype=np.int64)
    return tuple(flat.reshape(-1, width).T.copy())

"""Big reads through the raw cursor: the ORM's own SQL (table and column names from the
models), its rows taken as the database driver gives them.

A values_list queryset spends most of its time per row in Python: fetching in chunks of
100 and running each field's converter. For integer, string, boolean and date columns
those converters change nothing here (Django's SQLite backend registers the driver's
converters for booleans and dates; psycopg returns them typed), so a national round's
million rows are read as plain tuples, or straight into int64 arrays. The model's default
ordering is dropped: callers sort what they need with numpy."""

import json
from itertools import chain

import numpy as np
from django.db import connections
from django.db.models import F, Func, IntegerField, Lookup


def _compiled(queryset):
    """The queryset's (SQL, parameters), as the ORM writes them."""
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _executed(queryset, cursor):
    cursor.execute(*_compiled(queryset))


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
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _sqlite_id_columns(queryset.order_by(), cursor)
        _executed(queryset.order_by(), cursor)
        width = len(cursor.description)
        # fetchall builds the rows in C (psycopg iterates row by row in Python); they go as
        # soon as they are copied.
        flat = np.fromiter(chain.from_iterable(cursor.cursor.fetchall()), dtype=np.int64)
    return tuple(flat.reshape(-1, width).T.copy())


def _sqlite_id_columns(queryset, cursor):
    """`id_columns` on SQLite: each column comes back as one text of its values joined by
    commas, parsed by numpy in C. The driver would build a tuple and an int object per value
    (a round's million preferences: a second and a half; this way, a third of that). The
    aggregates of one query read the same rows in the same order, so the columns line up."""
    sql, params = _compiled(queryset)
    width = len(queryset.query.values_select) + len(queryset.query.annotation_select)
    names = [f"c{i}" for i in range(width)]
    joined = ", ".join(f"group_concat({name})" for name in names)
    cursor.execute(f"WITH q({', '.join(names)}) AS ({sql}) SELECT count(*), {joined} FROM q", params)
    count, *texts = cursor.fetchone()
    columns = tuple(
        np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64) for text in texts
    )
    if any(len(column) != count for column in columns):
        raise ValueError("id_columns reads non-null integer columns only.")
    return columns


class DayOrdinal(Func):
    """A date column as its proleptic Gregorian ordinal (`date.toordinal()`: 1 January of
    year 1 is 1), so that dates are read as integers (`id_columns`), not a date object each."""

    output_field = IntegerField()
    # SQLite keeps dates as ISO text; the julianday of 0001-01-01 is 1721425.5.
    template = "CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)"

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="(%(expressions)s - DATE '0001-01-01' + 1)", **extra)


class IdArray:
    """Many integer ids to filter by (`among`), sent as one text parameter: a hundred
    thousand ids as parameters would be adapted one by one by the driver (and pass SQLite's
    limit of 32,766 a statement), and as the subquery they came from (the round's million
    preferences) they would be gathered again by every query that uses them. PostgreSQL
    reads the text as an array and tests `= ANY` of it with one hashed scan; SQLite reads
    it as JSON (`json_each`, in C) into the index of an IN list."""

    def __init__(self, ids):
        self.ids = np.unique(np.asarray(ids, dtype=np.int64)).tolist()

    def literal(self, vendor):
        joined = ",".join(map(str, self.ids))
        return "{" + joined + "}" if vendor == "postgresql" else "[" + joined + "]"


class _AmongIds(Lookup):
    """A column among an `IdArray`'s ids: a lookup, so the column is named as the query
    aliases it (also inside a subquery of another query)."""

    lookup_name = "among_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        return f"{column} IN (SELECT value FROM json_each(%s))", [*params, self.rhs.literal(connection.vendor)]

    def as_postgresql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        return f"{column} = ANY(%s::bigint[])", [*params, self.rhs.literal(connection.vendor)]


def among_ids(field, ids):
    """The condition that `field` (of the queried model, no join) is one of the `IdArray` `ids`."""
    return _AmongIds(F(field), ids)


def among(queryset, field, ids):
    """`queryset` narrowed to the rows whose `field` (of its model, no join) is one of `ids`:
    a list of ids, a `values` queryset of them (a subquery) or an `IdArray`."""
    if not isinstance(ids, IdArray):
        return queryset.filter(**{f"{field}__in": ids})
    return queryset.filter(among_ids(field, ids))


def padded_ids(ids, multiple):
    """`ids` (a non-empty list) with its last id repeated up to a length that is a multiple of
    `multiple`: a repeated id matches the same rows, and a statement compiled for that many
    ids serves every list up to its size."""
    size = -(-len(ids) // multiple) * multiple
    return ids + ids[-1:] * (size - len(ids))


class JsonLists(dict):
    """JSON text to its value, each distinct text decoded once (a hundred thousand rows of a
    JSON column often hold a few dozen texts)."""

    def __missing__(self, text):
        value = self[text] = json.loads(text)
        return value


class Prepared:
    """A queryset's statement compiled once, for stand-in values, then run with others: for
    small reads made often, where composing and compiling the ORM's query costs more than
    the database's answer. `stand_ins` name the integers that a run replaces: an int, or a
    list of ints (ids sent one parameter each, which the planners estimate by their number);
    each must be a parameter of the statement and equal no other."""

    def __init__(self, queryset, *, converted=False, **stand_ins):
        self._alias = queryset.db
        compiler = queryset.query.get_compiler(using=self._alias)
        self._sql, params = compiler.as_sql()
        slot_of = {}
        for name, value in stand_ins.items():
            if isinstance(value, list):
                slot_of.update({item: (name, i) for i, item in enumerate(value)})
            else:
                slot_of[value] = (name, None)
        self._params = tuple(params)
        self._slots = tuple(slot_of.get(p) if isinstance(p, int) else None for p in params)
        if {slot for slot in self._slots if slot} != set(slot_of.values()):
            raise RuntimeError(f"a stand-in is not a parameter of the statement: {sorted(stand_ins)}")
        self._compiler = compiler
        # The fields' converters, run on each row when `converted` (as the queryset's own iteration would).
        self._converters = (
            compiler.get_converters([column for column, _sql, _alias in compiler.select[: compiler.col_count]])
            if converted
            else {}
        )

    def rows(self, **values):
        """The rows (tuples) for these values of the stand-ins (a list as long as its stand-in)."""
        params = [
            p if slot is None else values[slot[0]] if slot[1] is None else values[slot[0]][slot[1]]
            for p, slot in zip(self._params, self._slots, strict=True)
        ]
        with connections[self._alias].cursor() as cursor:
            cursor.execute(self._sql, params)
            rows = cursor.cursor.fetchall()
        if self._converters:
            rows = [tuple(row) for row in self._compiler.apply_converters(rows, self._converters)]
        return rows

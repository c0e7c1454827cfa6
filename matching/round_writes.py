"""A match round's assignments, written in one statement whatever their number.

A national round places eighty thousand physicians. bulk_create would split them into
batches of about 200 on SQLite (its limit of 999 parameters a statement) and build a model
instance per row; the rows go instead as one prepared INSERT run with executemany on SQLite
and as one binary COPY on PostgreSQL, laid out by numpy (no Python object per value)."""

from functools import cache

import numpy as np
from django.db import connection

from portal.sql_names import column_name, table

from .models import MatchAssignment

_FIELDS = ("match_round", "physician", "trip", "specialty", "preference_rank")
# COPY's binary format: a big-endian integer of the column's own width.
_BINARY_INTEGERS = {"bigint": ">i8", "integer": ">i4", "smallint": ">i2"}


@cache
def _target():
    """The table and its columns in `_FIELDS` order, as both statements name them."""
    return f"{table(MatchAssignment)} ({', '.join(column_name(MatchAssignment, name) for name in _FIELDS)})"


def assignments_write(match_round, columns, result):
    """Insert the round's assignments (`RoundResult`), physicians in id order, each with the
    place of its trip in the physician's list (`RoundColumns`' preferences; a physician ranks
    a trip once: a constraint)."""
    placed = len(result.assignments)
    if not placed:
        return
    physician = np.fromiter(result.assignments.keys(), dtype=np.int64, count=placed)
    program = np.fromiter(
        (part for trip_specialty in result.assignments.values() for part in trip_specialty),
        dtype=np.int64,
        count=2 * placed,
    ).reshape(placed, 2)
    order = np.argsort(physician)
    physician, trip, specialty = physician[order], program[order, 0], program[order, 1]
    values = (
        np.full(placed, match_round.pk, dtype=np.int64),
        physician,
        trip,
        specialty,
        _ranks(columns, physician, trip),
    )
    if connection.vendor == "postgresql":
        _binary_copy(values)
    else:
        sql = f"INSERT INTO {_target()} VALUES ({', '.join(['%s'] * len(_FIELDS))})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, list(zip(*(column.tolist() for column in values), strict=True)))


def _ranks(columns, physician, trip):
    """The place of each (physician, trip) in the physician's list: the preference columns
    are grouped by physician, best first, so a trip's place in its group is its rank. Groups
    are short, so step through their places."""
    listed, listed_trip = columns.preference_physician, columns.preference_trip
    start, end = np.searchsorted(listed, physician), np.searchsorted(listed, physician, side="right")
    ranks = np.zeros(len(physician), dtype=np.int64)
    for place in range(int((end - start).max())):
        here = np.minimum(start + place, len(listed) - 1)
        ranks[(ranks == 0) & (start + place < end) & (listed_trip[here] == trip)] = place + 1
    return ranks


def _binary_copy(values):
    """COPY the columns in PostgreSQL's binary format: a header, then per row the number of
    fields and, per field, its length and its value, then a trailer. Every row has the same
    layout, so the rows are one numpy record array."""
    meta = MatchAssignment._meta
    fields = [meta.get_field(name) for name in _FIELDS]
    layout = [("count", ">i2")]
    for i, field in enumerate(fields):
        layout += [(f"length{i}", ">i4"), (f"value{i}", _BINARY_INTEGERS[field.db_type(connection)])]
    rows = np.zeros(len(values[0]), dtype=np.dtype(layout))
    rows["count"] = len(fields)
    for i, column in enumerate(values):
        rows[f"length{i}"] = rows.dtype[f"value{i}"].itemsize
        rows[f"value{i}"] = column
    header = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, no header extension
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {_target()} FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(header + rows.tobytes() + b"\xff\xff")

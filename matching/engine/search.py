"""The trip search over a store: the listed rows, the filters as masks, the orders.

Gives the ids of the matching trips in the order the search shows them, as the SQL path
(`trips.filters.TripFilter` over the public list) would; the page then loads only the
trips it shows."""

from dataclasses import dataclass
from datetime import date

import numpy as np

from .features import TripFeatures

# What the search may order by, as store columns.
ORDER_COLUMNS = {"start": "start", "cost": "cost"}


@dataclass(frozen=True)
class TripQuery:
    """The search's filters; None (or empty) is "any"."""

    specialty_id: int | None = None
    countries: frozenset | None = None  # country codes the trip may be in
    starts_after: date | None = None
    ends_before: date | None = None
    language: str | None = None
    max_cost: int | None = None  # whole USD
    year_round_facility: bool | None = None
    follow_up_plan: bool | None = None
    trains_local_staff: bool | None = None
    # (column of ORDER_COLUMNS, descending) pairs, most significant first; the start date and
    # the trip id break ties (the list's own order).
    order: tuple = ()


def listed_rows(features: TripFeatures, today: date):
    """Mask of the rows the public list holds today: open, organization verified, deadline
    not past. A row whose trip left the store since its build stays as not open."""
    return features.is_open & features.verified & (features.deadline >= today.toordinal())


def _column_has(columns, matrix, key, n):
    column = columns.get(key)
    if column is None:  # no trip in the store has it
        return np.zeros(n, dtype=bool)
    return matrix[:, column]


def search_mask(features: TripFeatures, query: TripQuery, today: date):
    """Mask of the listed rows that pass every filter of `query`."""
    n = len(features)
    mask = listed_rows(features, today)
    if query.specialty_id is not None:
        mask &= _column_has(features.specialty_columns, features.has_place, query.specialty_id, n)
    if query.language:
        mask &= _column_has(features.language_columns, features.speaks, query.language, n)
    if query.countries is not None:
        indices = [i for i, code in enumerate(features.country_codes) if code in query.countries]
        mask &= np.isin(features.country, np.array(indices, dtype=np.int64))
    if query.starts_after is not None:
        mask &= features.start >= query.starts_after.toordinal()
    if query.ends_before is not None:
        mask &= features.end <= query.ends_before.toordinal()
    if query.max_cost is not None:
        mask &= features.cost <= query.max_cost
    for flag in ("year_round_facility", "follow_up_plan", "trains_local_staff"):
        wanted = getattr(query, flag)
        if wanted is not None:
            mask &= getattr(features, flag) == wanted
    return mask


def ordered_rows(features: TripFeatures, rows, order=()):
    """`rows` sorted by `order` ((column, descending) pairs), then start date, then id."""
    keys = [features.ids[rows], features.start[rows]]  # np.lexsort: the last key is the primary one
    for column, descending in reversed(order):
        values = getattr(features, ORDER_COLUMNS[column])[rows]
        keys.append(-values if descending else values)
    return rows[np.lexsort(keys)]


def search_trip_ids(features: TripFeatures, query: TripQuery, *, today: date, ranked_ids=None, ranked_limit=None):
    """The ids of the trips that pass `query`, in the search's order. With `ranked_ids` (a
    ranking's trip ids, best first) the first `ranked_limit` of those that pass come first
    in that order, the other trips that pass follow by start date then id."""
    rows = np.flatnonzero(search_mask(features, query, today))
    if ranked_ids is None:
        return features.ids[ordered_rows(features, rows, query.order)]
    ranked = np.asarray(ranked_ids, dtype=np.int64)
    ranked = ranked[np.isin(ranked, features.ids[rows])][:ranked_limit]
    rest = ordered_rows(features, rows[~np.isin(features.ids[rows], ranked)])
    return np.concatenate([ranked, features.ids[rest]])

"""Every physician of a store against one trip (suggested volunteers): the hard constraints
and the seven factors of `volunteer_scores.py`, for a single trip row.

One trip against a hundred thousand physicians reads one column of each rows × columns
matrix, and numpy pays more for striding through a whole matrix, or for reducing along a
short axis (`any` over a handful of regions), than for the arithmetic. So the store keeps
the columns a single trip reads contiguous, the regions as bits and the scope of practice
as one code per physician (`OneTripColumns`, built once per store); a request narrows to
the physicians with a specialty the trip needs first and reads everything else for those
rows only. The values are those of `pair_eligible` and `pair_factor_scores` (tests compare
them)."""

from dataclasses import dataclass

import numpy as np

from . import weights as w
from .features import TRAINING_LEVELS, language_class
from .scores import FACTORS

# Region factor by (no place preference, in a preferred country, in a preferred region).
_REGION_SCORE = np.array([0.0, w.REGION_REGION, w.REGION_COUNTRY, w.REGION_COUNTRY] + [w.NEUTRAL] * 4, dtype=np.float64)
_LANGUAGE_SCORE = np.array([0.0, w.LANGUAGE_BASIC, w.LANGUAGE_USEFUL])


@dataclass(frozen=True, eq=False)
class OneTripColumns:
    """A `VolunteerFeatures`' per-physician values as one trip reads them."""

    specialty: np.ndarray  # bool, specialty columns × rows
    proficiency: np.ndarray  # int8, language columns × rows
    country: np.ndarray  # bool, country columns × rows
    region_bits: np.ndarray  # int64, bit r: prefers REGIONS[r]
    window_start: np.ndarray  # int64, window slots × rows
    window_end: np.ndarray
    scope: np.ndarray  # int64: (level column + 1) * 2 + needs supervision
    place_code: np.ndarray  # int64: no place preference * 4 (the region factor's table)

    @property
    def nbytes(self):
        return sum(value.nbytes for value in vars(self).values())

    @classmethod
    def of(cls, volunteers):
        regions = volunteers.prefers_region
        return cls(
            specialty=np.ascontiguousarray(volunteers.has_specialty.T),
            proficiency=np.ascontiguousarray(volunteers.proficiency.T),
            country=np.ascontiguousarray(volunteers.prefers_country.T),
            region_bits=(regions.astype(np.int64) << np.arange(regions.shape[1], dtype=np.int64)).sum(axis=1),
            window_start=np.ascontiguousarray(volunteers.window_start.T),
            window_end=np.ascontiguousarray(volunteers.window_end.T),
            scope=(volunteers.level_column + 1) * 2 + volunteers.needs_supervision,
            place_code=volunteers.no_place_preference.astype(np.int64) * 4,
        )


def one_trip_eligible(volunteers, trips, today, excluded_ids=()):
    """(rows of the physicians passing every hard constraint for the one trip of `trips`
    (a `TripsAgainst`), their covered days); `excluded_ids` are left out."""
    features, columns = trips.trips, volunteers.one_trip
    none = np.empty(0, dtype=np.int64)
    if not (features.verified[0] and features.is_open[0] and features.deadline[0] >= today.toordinal()):
        return none, none
    needed = np.flatnonzero(trips.needs[0])
    if not len(needed):
        return none, none
    place = columns.specialty[needed[0]].copy()
    for column in needed[1:].tolist():
        place |= columns.specialty[column]
    if len(excluded_ids):
        place &= ~np.isin(volunteers.ids, np.asarray(list(excluded_ids), dtype=np.int64))
    rows = np.flatnonzero(place)
    start, end = features.start[0], features.end[0]
    days = np.zeros(len(rows), dtype=np.int64)
    for slot in range(columns.window_start.shape[0]):
        overlap = np.minimum(columns.window_end[slot][rows], end) - np.maximum(columns.window_start[slot][rows], start)
        days += np.maximum(overlap + 1, 0)
    keep = (days > 0) & _scope_table(features)[columns.scope[rows]]
    keep &= features.cost[0] <= volunteers.budget_limit[rows]  # the physician's own hard limit
    return rows[keep], days[keep]


def _scope_table(features):
    """Whether the trip takes a physician, by `OneTripColumns.scope` code (level outside
    TRAINING_LEVELS first)."""
    accepted = features.any_level[0] | np.r_[False, features.accepts_level[0]]
    table = np.zeros((len(TRAINING_LEVELS) + 1, 2), dtype=bool)
    table[:, 0] = accepted
    table[:, 1] = accepted & features.supervision[0]
    return table.ravel()


def one_trip_factor_scores(volunteers, trips, rows, days):
    """(rows × 7 factor scores clipped to 0..1 in FACTORS order, best proficiency per row)
    for the physicians `rows` and their covered `days`, against the one trip of `trips`."""
    features, columns = trips.trips, volunteers.one_trip
    proficiency = np.zeros(len(rows), dtype=np.int64)
    for column in np.flatnonzero(trips.speaks[0]).tolist():
        proficiency = np.maximum(proficiency, columns.proficiency[column][rows])
    klass = language_class(proficiency)
    scores = np.empty((len(rows), len(FACTORS)))
    weighted = (features.satisfaction[0][klass] * volunteers.motivation_weights[rows]).sum(axis=1)
    weighted += np.where(volunteers.leaning[rows], w.SAFEGUARD_WEIGHT * features.safeguard[0][klass], 0.0)
    denominator = volunteers.weighted[rows]
    given = denominator > 0
    scores[:, 0] = np.where(given, weighted / np.where(given, denominator, 1.0), w.NEUTRAL)
    scores[:, 1] = features.quality[0]
    primary_needed = np.r_[trips.needs[0], False][volunteers.primary_column[rows]]  # -1 reads the False
    scores[:, 2] = np.where(primary_needed, w.SPECIALTY_PRIMARY, w.SPECIALTY_SECONDARY)
    scores[:, 3] = _LANGUAGE_SCORE[klass] if features.has_languages[0] else 1.0
    scores[:, 4] = days / features.days[0]
    code = columns.place_code[rows]
    country = int(trips.country_column[0])
    if country >= 0:
        code = code + columns.country[country][rows] * 2
    trip_regions = int((trips.in_region[0].astype(np.int64) << np.arange(trips.in_region.shape[1])).sum())
    code += (columns.region_bits[rows] & trip_regions) != 0
    scores[:, 5] = _REGION_SCORE[code]
    scores[:, 6] = w.TRIP_SIDE_COST
    np.clip(scores, 0.0, 1.0, out=scores)
    return scores, proficiency

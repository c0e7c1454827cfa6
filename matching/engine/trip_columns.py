"""A trip-feature store's columns as one volunteer's ranking reads them.

Ranking every trip for one physician reads a handful of columns of the rows × columns
matrices (the physician's specialties, training level and languages): kept contiguous,
each is one fast pass where a column of a row-major matrix strides through all of it.
The per-trip terms that do not depend on the physician (listed: vetted and open; the
spread points; the start-and-id part of the ordering key) are computed here once per
store rather than on every request."""

from dataclasses import dataclass

import numpy as np

from .spread import spread_points

START_BITS = 22  # day ordinals up to year 11,000
ID_BITS = 31


@dataclass(frozen=True, eq=False)
class OneVolunteerColumns:
    listed: np.ndarray  # bool: the organization is vetted and the trip open
    has_place: np.ndarray  # bool, specialty columns × rows
    accepts_level: np.ndarray  # bool, TRAINING_LEVELS × rows
    speaks: np.ndarray  # bool, language columns × rows
    spread: np.ndarray  # float64, the spread term's points per trip
    start_and_id: np.ndarray  # int64, the ordering key's low bits: start ordinal, then trip id
    country_index: dict  # country code -> column of the volunteer's country vectors

    @property
    def nbytes(self):
        return sum(value.nbytes for value in vars(self).values() if isinstance(value, np.ndarray))

    @classmethod
    def of(cls, features):
        return cls(
            listed=features.verified & features.is_open,
            has_place=np.ascontiguousarray(features.has_place.T),
            accepts_level=np.ascontiguousarray(features.accepts_level.T),
            speaks=np.ascontiguousarray(features.speaks.T),
            spread=spread_points(features.spread_need),
            start_and_id=(features.start << ID_BITS) | features.ids,
            country_index={code: i for i, code in enumerate(features.country_codes)},
        )

"""A trip-feature store's columns as one volunteer's ranking reads them.

Ranking every trip for one physician reads a handful of columns of the rows × columns
matrices (the physician's specialties, training level and languages): kept contiguous,
each is one fast pass where a column of a row-major matrix strides through all of it.
The per-trip terms that do not depend on the physician (listed: vetted and open; the
spread points; the start-and-id part of the ordering key) are computed here once per
store rather than on every request."""

from dataclasses import dataclass, field

import numpy as np

from .spread import spread_points

START_BITS = 22  # day ordinals up to year 11,000
ID_BITS = 31


_THE_STORES = ("deadline", "satisfaction_by_class", "safeguard_by_class")  # its arrays, not copies


@dataclass(frozen=True, eq=False)
class OneVolunteerColumns:
    listed: np.ndarray  # bool: the organization is vetted and the trip open
    deadline: np.ndarray  # int64 day ordinals (the store's own column)
    satisfaction_by_class: np.ndarray  # float64, (row * 3 + language class) × MOTIVATIONS (a view)
    safeguard_by_class: np.ndarray  # float64, row * 3 + language class (a view)
    has_place: np.ndarray  # bool, specialty columns × rows
    accepts_level: np.ndarray  # bool, TRAINING_LEVELS × rows
    speaks: np.ndarray  # bool, language columns × rows
    spread: np.ndarray  # float64, the spread term's points per trip
    start_and_id: np.ndarray  # int64, the ordering key's low bits: start ordinal, then trip id
    country_index: dict  # country code -> column of the volunteer's country vectors
    _listed_on: dict = field(default_factory=dict)  # {day ordinal: listed and deadline not past}, the last day

    def listed_on(self, day):
        """Listed trips whose deadline is not before the ordinal `day`: a store serves one day,
        so the mask is computed once for it (replaced whole, never changed: threads may share it)."""
        mask = self._listed_on.get(day)
        if mask is None:
            mask = self.listed & (self.deadline >= day)
            mask.flags.writeable = False
            self._listed_on.clear()
            self._listed_on[day] = mask
        return mask

    @property
    def nbytes(self):
        own = (value for name, value in vars(self).items() if name not in _THE_STORES)
        return sum(value.nbytes for value in own if isinstance(value, np.ndarray))

    @classmethod
    def of(cls, features):
        return cls(
            listed=features.verified & features.is_open,
            deadline=features.deadline,
            # One `take` by row * 3 + class reads these far faster than indexing by two arrays.
            satisfaction_by_class=features.satisfaction.reshape(-1, features.satisfaction.shape[-1]),
            safeguard_by_class=features.safeguard.reshape(-1),
            has_place=np.ascontiguousarray(features.has_place.T),
            accepts_level=np.ascontiguousarray(features.accepts_level.T),
            speaks=np.ascontiguousarray(features.speaks.T),
            spread=spread_points(features.spread_need),
            start_and_id=(features.start << ID_BITS) | features.ids,
            country_index={code: i for i, code in enumerate(features.country_codes)},
        )

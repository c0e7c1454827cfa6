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
    def of(cls, features, previous=None):
        """The layout of `features`. With `previous`, (an older store, its layout): a field
        whose source columns the two stores share is taken from that layout, not made again
        (a refreshed store shares every column its changed rows left as they were)."""
        old_features, old = previous or (None, None)
        values = {}
        for name, (sources, make) in _LAYOUT.items():
            if old is not None and all(getattr(features, s) is getattr(old_features, s) for s in sources):
                values[name] = getattr(old, name)
            else:
                values[name] = make(features)
        return cls(**values)


# Each field: (the store's columns it is made from, how).
_LAYOUT = {
    "listed": (("verified", "is_open"), lambda f: f.verified & f.is_open),
    "deadline": (("deadline",), lambda f: f.deadline),
    # One `take` by row * 3 + class reads these far faster than indexing by two arrays.
    "satisfaction_by_class": (("satisfaction",), lambda f: f.satisfaction.reshape(-1, f.satisfaction.shape[-1])),
    "safeguard_by_class": (("safeguard",), lambda f: f.safeguard.reshape(-1)),
    "has_place": (("has_place",), lambda f: np.ascontiguousarray(f.has_place.T)),
    "accepts_level": (("accepts_level",), lambda f: np.ascontiguousarray(f.accepts_level.T)),
    "speaks": (("speaks",), lambda f: np.ascontiguousarray(f.speaks.T)),
    "spread": (("spread_need",), lambda f: spread_points(f.spread_need)),
    "start_and_id": (("start", "ids"), lambda f: (f.start << ID_BITS) | f.ids),
    "country_index": (("country_codes",), lambda f: {code: i for i, code in enumerate(f.country_codes)}),
}

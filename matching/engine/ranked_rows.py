"""What both rankings share: rows ordered by one int64 key each, sorted only as far as read."""

import numpy as np


class RankedRows:
    """Eligible rows with their ordering keys (smallest first). Supports len() and slicing
    (Django's Paginator, DRF pagination); a slice is sorted with `argpartition` up to its
    end and explained (`_explain(position)`, a subclass's) when read."""

    def __init__(self, rows, keys):
        self._rows, self._keys = rows, keys
        self._sorted = np.empty(0, dtype=np.int64)  # positions into `rows`, best first

    def __len__(self):
        return len(self._rows)

    def _order_to(self, stop):
        """Positions of the best `stop` rows in order (a partition, then a sort of the part)."""
        if stop > len(self._sorted):
            if stop >= len(self._keys):
                self._sorted = np.argsort(self._keys, kind="stable")
            else:
                part = np.argpartition(self._keys, stop - 1)[:stop]
                self._sorted = part[np.argsort(self._keys[part], kind="stable")]
        return self._sorted[:stop]

    def positions(self, key):
        start, stop, step = key.indices(len(self))
        if start >= stop:
            return np.empty(0, dtype=np.int64)
        return self._order_to(stop)[start:stop:step]

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [self._explain(int(p)) for p in self.positions(key)]
        if key < 0:
            key += len(self)
        if not 0 <= key < len(self):
            raise IndexError(key)
        return self._explain(int(self._order_to(key + 1)[key]))

    def __iter__(self):
        return iter(self[:])

    def _explain(self, position):
        raise NotImplementedError

"""A volunteer's trips ranked over a whole store at once.

Every hard constraint and factor is computed for all trips as arrays; the page is chosen
with `argpartition`; reasons and watch-outs are written only for the rows shown, from the
factor values the ranking used, so a shown score and its explanation cannot disagree.

Order: the shown total (one decimal, half up) best first, then the earlier start date,
then the lower trip id; `order_keys` packs the three into one integer per trip.
"""

import numpy as np

from .constraints import eligible_rows
from .features import TripFeatures, VolunteerVector
from .ranked_rows import RankedRows
from .scores import factor_scores, raw_totals, shown_totals
from .scoring import _explain, _pair_assessment
from .spread import spread_points
from .trip_columns import ID_BITS, START_BITS


def order_keys(totals, start_and_id):
    """One int64 per trip, smallest first in ranking order (see the module docstring), from
    the shown totals and the store's `start_and_id` of the same rows."""
    tenths = np.rint(totals * 10).astype(np.int64)
    return ((1000 - tenths) << (START_BITS + ID_BITS)) | start_and_id


class RankedTripRows(RankedRows):
    """The eligible trips of a store, ranked for one volunteer. Supports len() and slicing
    (Django's Paginator, DRF pagination); a slice is sorted with `argpartition` up to its
    end and explained when read."""

    def __init__(self, features, vector, rows, scores, totals, proficiency, days):
        super().__init__(rows, order_keys(totals, features.one_volunteer.start_and_id[rows]))
        self.features, self.vector = features, vector
        self._scores, self._totals = scores, totals
        self._proficiency, self._days = proficiency, days
        self._explained_offers = {}

    def offer_for(self, trip_id):
        """The `TripOffer` of a match this ranking has explained."""
        return self._explained_offers[trip_id]

    def trip_ids(self):
        return self.features.ids[self._rows[self._order_to(len(self))]].tolist()

    def totals(self):
        """(trip id, shown total, unrounded total) in ranking order."""
        order = self._order_to(len(self))
        return list(
            zip(
                self.features.ids[self._rows[order]].tolist(),
                self._totals[order].tolist(),
                raw_totals(self._scores[order], self.features, self._rows[order]).tolist(),
                strict=True,
            )
        )

    def _explain(self, position):
        """The Match for one ranked row: factor values and total from the arrays, reasons
        from the same offer and those values."""
        row = int(self._rows[position])
        offer, org = self.features.offers[row], self.features.organizations[row]
        self._explained_offers[offer.id] = offer
        prepared = self.vector.prepared
        a = _pair_assessment(prepared, offer, org, self._scores[position])
        budget = prepared.profile.max_budget_usd
        a.over_budget = offer.cost_usd - budget if budget is not None and offer.cost_usd > budget else 0
        a.penalty = float(self.features.penalty[row])
        a.spread = float(spread_points(self.features.spread_need[row]))
        a.total = float(self._totals[position])
        return _explain(prepared, a, "volunteer")


def rank_trips_in(features, volunteer, *, today):
    """Every eligible trip of `features` for `volunteer`, ranked (a RankedTripRows)."""
    vector = VolunteerVector.of(volunteer, features)
    rows, days = eligible_rows(features, vector, today)
    scores, proficiency = factor_scores(features, vector, rows, days)
    totals = shown_totals(raw_totals(scores, features, rows))
    return RankedTripRows(features, vector, rows, scores, totals, proficiency, days)


def rank_trips_lazily(volunteer, offers, *, today):
    """`rank_trips_in` over a store built from `offers` on the spot."""
    return rank_trips_in(TripFeatures.from_offers(offers), volunteer, today=today)


def rank_trips_for_volunteer(volunteer, offers, *, today, limit=None):
    """Matches for one volunteer, best first (see the module docstring for ties)."""
    ranked = rank_trips_lazily(volunteer, offers, today=today)
    return ranked[:limit] if limit is not None else list(ranked)

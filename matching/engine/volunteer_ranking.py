"""Physicians ranked for a trip over a whole physician-feature store, and a round's
applicants ordered for many trips at once: the trip-feature ranking seen from the trip.

Every hard constraint and factor is computed for all physicians (or all applicant pairs)
as arrays; a page is chosen with `argpartition`; reasons and watch-outs are written only
for the rows shown, from the factor values the ranking used.

Order: the shown total (one decimal, half up) best first, then the lower physician id;
`order_keys` packs the two into one integer per physician.
"""

import numpy as np

from .features import TripFeatures
from .ranked_rows import RankedRows
from .scores import raw_totals, shown_totals
from .scoring import _explain, _pair_assessment
from .volunteer_features import TripsAgainst, VolunteerFeatures
from .volunteer_one_trip import one_trip_eligible, one_trip_factor_scores
from .volunteer_scores import pair_eligible, pair_factor_scores

_ID_BITS = 32


def order_keys(totals, ids):
    """One int64 per physician, smallest first in ranking order (see the module docstring)."""
    tenths = np.rint(totals * 10).astype(np.int64)
    return ((1000 - tenths) << _ID_BITS) | ids


class RankedVolunteerRows(RankedRows):
    """The eligible physicians of a store, ranked for one trip. Supports len() and slicing
    (Django's Paginator, DRF pagination); a slice is sorted with `argpartition` up to its
    end and explained when read."""

    def __init__(self, volunteers, trips, rows, scores, totals):
        super().__init__(rows, order_keys(totals, volunteers.ids[rows]))
        self.volunteers, self.trips = volunteers, trips
        self._scores, self._totals = scores, totals

    def volunteer_ids(self):
        return self.volunteers.ids[self._rows[self._order_to(len(self))]].tolist()

    def totals(self):
        """(physician id, shown total, unrounded total) in ranking order."""
        order = self._order_to(len(self))
        return list(
            zip(
                self.volunteers.ids[self._rows[order]].tolist(),
                self._totals[order].tolist(),
                raw_totals(self._scores[order], self.trips.trips, 0, spread=False).tolist(),
                strict=True,
            )
        )

    def _explain(self, position):
        """The Match for one ranked physician: factor values and total from the arrays,
        reasons from the same profile, offer and values."""
        offer, org = self.trips.trips.offers[0], self.trips.trips.organizations[0]
        prepared = self.volunteers.prepared(int(self._rows[position]))
        a = _pair_assessment(prepared, offer, org, self._scores[position])
        a.over_budget = 0
        a.penalty = float(self.trips.trips.penalty[0])
        a.spread = 0.0  # the spread term is the volunteer's side only
        a.total = float(self._totals[position])
        return _explain(prepared, a, "trip")


def rank_volunteers_in(volunteers, offer, *, today, excluded_ids=()):
    """Every eligible physician of `volunteers` for the trip `offer` (an engine `TripOffer`),
    ranked (a RankedVolunteerRows); `excluded_ids` are left out (already in the inbox)."""
    return rank_volunteers_against(
        volunteers, TripFeatures.from_offers([offer]), today=today, excluded_ids=excluded_ids
    )


def rank_volunteers_against(volunteers, trip, *, today, excluded_ids=()):
    """`rank_volunteers_in` for a trip given as a one-row `TripFeatures` (a row taken from
    the trip-feature store, whose organization's checks are computed already)."""
    trips = TripsAgainst.of(trip, volunteers)
    rows, days = one_trip_eligible(volunteers, trips, today, excluded_ids)
    scores, _proficiency = one_trip_factor_scores(volunteers, trips, rows, days)
    totals = shown_totals(raw_totals(scores, trips.trips, 0, spread=False))
    return RankedVolunteerRows(volunteers, trips, rows, scores, totals)


def rank_volunteers_lazily(offer, volunteers, *, today):
    """`rank_volunteers_in` over a store built from the profiles `volunteers` on the spot."""
    return rank_volunteers_in(VolunteerFeatures.from_profiles(volunteers), offer, today=today)


def rank_volunteers_for_trip(offer, volunteers, *, today, limit=None):
    """Matches for one trip, best volunteer first; ties by volunteer id."""
    ranked = rank_volunteers_lazily(offer, volunteers, today=today)
    return ranked[:limit] if limit is not None else list(ranked)


def order_applicant_columns(volunteers, trips, p, t, *, today):
    """The trip side's order of applicant pairs as two id columns, (trip ids, physician ids):
    each trip's eligible applicants contiguous, best first, in `rank_volunteers_in`'s order,
    trips by row. One pass of array work however many trips there are."""
    p, t = np.asarray(p, dtype=np.int64), np.asarray(t, dtype=np.int64)
    mask, days = pair_eligible(volunteers, trips, p, t, today)
    keep = np.flatnonzero(mask)
    p, t, days = p[keep], t[keep], days[keep]
    scores, _proficiency = pair_factor_scores(volunteers, trips, p, t, days)
    tenths = np.rint(shown_totals(raw_totals(scores, trips.trips, t, spread=False)) * 10).astype(np.int64)
    ids = volunteers.ids[p]
    order = np.lexsort((ids, -tenths, t))
    return trips.trips.ids[t[order]], ids[order]


def order_applicants(volunteers, trips, p, t, *, today):
    """`order_applicant_columns` as {trip id: [physician id, best first]}, every trip of
    `trips` a key (an empty list where no pair is eligible)."""
    trip_column, ids = order_applicant_columns(volunteers, trips, p, t, today=today)
    result = {int(trip_id): [] for trip_id in trips.trips.ids.tolist()}
    bounds = np.flatnonzero(trip_column[1:] != trip_column[:-1]) + 1
    for part_t, part_ids in zip(np.split(trip_column, bounds), np.split(ids, bounds), strict=True):
        if len(part_t):
            result[int(part_t[0])] = part_ids.tolist()
    return result


def rank_applicants_of_trips(applicants_by_offer, *, today):
    """The reverse ranking for many trips at once, ids only: {trip id: [volunteer id, best
    first]} for (offer, volunteers) pairs, in exactly `rank_volunteers_lazily`'s order.
    Each volunteer is laid out once however many of the trips they applied to."""
    applicants_by_offer = list(applicants_by_offer)
    profiles = {}
    for _offer, volunteers in applicants_by_offer:
        for volunteer in volunteers:
            profiles.setdefault(volunteer.id, volunteer)
    volunteers = VolunteerFeatures.from_profiles(profiles.values())
    trips = TripsAgainst.of(TripFeatures.from_offers(offer for offer, _v in applicants_by_offer), volunteers)
    row_of = {pk: row for row, pk in enumerate(volunteers.ids.tolist())}
    p, t = [], []
    for trip_row, (_offer, applicants) in enumerate(applicants_by_offer):
        for volunteer in applicants:
            p.append(row_of[volunteer.id])
            t.append(trip_row)
    return order_applicants(volunteers, trips, p, t, today=today)

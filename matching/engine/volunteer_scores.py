"""Hard constraints and the seven factors for (physician, trip) pairs, from the trip's side.

The pairs are `p` (rows of a `VolunteerFeatures`) and `t` (rows of a `TripsAgainst`): `t`
is one row for every physician seen by one trip (suggested volunteers), or an array as
long as `p` (a round's applicants of many trips). The rules are `scoring.hard_constraints`
and the trip side of the scalar reference (`_assess` in tests/matching/oracle.py), as arrays; the physician's budget is
private on this side, so the cost factor is neutral (`weights.TRIP_SIDE_COST`)."""

import numpy as np

from . import weights as w
from .features import language_class
from .scores import FACTORS


def _column(values):
    """A trip value as a column against the physicians' per-window or per-language axis."""
    return np.expand_dims(np.asarray(values), -1)


def covered_days(volunteers, trips, p, t):
    """Trip days inside each physician's merged availability windows, per pair."""
    features = trips.trips
    overlap = (
        np.minimum(volunteers.window_end[p], _column(features.end[t]))
        - np.maximum(volunteers.window_start[p], _column(features.start[t]))
        + 1
    )
    return np.maximum(overlap, 0).sum(axis=-1)


def pair_eligible(volunteers, trips, p, t, today):
    """(mask of pairs passing every hard constraint, covered days per pair). For one trip
    against a whole store, `volunteer_one_trip.one_trip_eligible` is the faster twin."""
    mask, days = _eligible(volunteers, trips, p, t, today)
    return mask & (volunteers.has_specialty[p] & trips.needs[t]).any(axis=-1), days


def _eligible(volunteers, trips, p, t, today):
    """Every hard constraint but the place for a specialty, and the covered days."""
    features = trips.trips
    mask = features.verified[t] & features.is_open[t] & (features.deadline[t] >= today.toordinal())
    days = covered_days(volunteers, trips, p, t)
    level = volunteers.level_column[p]
    level_accepted = features.any_level[t] | ((level >= 0) & features.accepts_level[t, np.maximum(level, 0)])
    within_scope = level_accepted & (features.supervision[t] | ~volunteers.needs_supervision[p])
    within_budget = features.cost[t] <= volunteers.budget_limit[p]  # the physician's own hard limit
    return mask & (days > 0) & within_scope & within_budget, days


def best_proficiency(volunteers, trips, p, t):
    """Each physician's best proficiency among the trip's languages (0: none of them)."""
    columns = np.flatnonzero(trips.speaks.any(axis=0))
    if not len(columns):
        return np.zeros(len(p), dtype=np.int64)
    known = volunteers.proficiency[np.ix_(p, columns)]
    spoken = trips.speaks[t][..., columns]
    return np.where(spoken, known, 0).max(axis=-1).astype(np.int64)


def pair_factor_scores(volunteers, trips, p, t, days):
    """(pairs × 7 factor scores clipped to 0..1 in FACTORS order, best proficiency per pair)
    for the pairs `p` (an array of physician rows) and `t`, with their covered `days`."""
    features = trips.trips
    proficiency = best_proficiency(volunteers, trips, p, t)
    klass = language_class(proficiency)
    scores = np.empty((len(p), len(FACTORS)))
    denominator = volunteers.weighted[p]
    weighted = (features.satisfaction[t, klass] * volunteers.motivation_weights[p]).sum(axis=1)
    weighted = weighted + np.where(volunteers.leaning[p], w.SAFEGUARD_WEIGHT * features.safeguard[t, klass], 0.0)
    given = denominator > 0
    scores[:, 0] = np.where(given, weighted / np.where(given, denominator, 1.0), w.NEUTRAL)
    scores[:, 1] = features.quality[t]
    primary = volunteers.primary_column[p]
    primary_needed = (primary >= 0) & trips.needs[t, np.maximum(primary, 0)]
    scores[:, 2] = np.where(primary_needed, w.SPECIALTY_PRIMARY, w.SPECIALTY_SECONDARY)
    language = np.select([klass == 2, klass == 1], [w.LANGUAGE_USEFUL, w.LANGUAGE_BASIC], 0.0)
    scores[:, 3] = np.where(features.has_languages[t], language, 1.0)
    scores[:, 4] = days / features.days[t]
    country = trips.country_column[t]
    in_country = (country >= 0) & volunteers.prefers_country[p, np.maximum(country, 0)]
    in_region = (volunteers.prefers_region[p] & trips.in_region[t]).any(axis=-1)
    region = np.select([in_country, in_region], [w.REGION_COUNTRY, w.REGION_REGION], 0.0)
    scores[:, 5] = np.where(volunteers.no_place_preference[p], w.NEUTRAL, region)
    scores[:, 6] = w.TRIP_SIDE_COST
    np.clip(scores, 0.0, 1.0, out=scores)
    return scores, proficiency

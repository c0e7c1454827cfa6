"""The seven factors and the total for many trips at once, from a store's columns and one
volunteer's vectors.

Each factor is the formula the scalar reference (`_assess` in tests/matching/oracle.py)
applies to one pair, as arrays; the total is the weighted sum in the same factor order,
rounded for display by `shown_total`."""

import math

import numpy as np

import vocabulary

from . import weights as w

FACTORS = tuple(w.FACTOR_WEIGHTS)
FACTOR_WEIGHT_VECTOR = np.array([float(w.FACTOR_WEIGHTS[key]) for key in FACTORS])
# The language factor by language class (none, basic only, useful).
LANGUAGE_BY_CLASS = np.array([0.0, w.LANGUAGE_BASIC, w.LANGUAGE_USEFUL])
# Added before rounding half up, so that a total whose exact value ends in 5 rounds up
# whatever float noise the order of additions left in it (1e-6 points is far below
# anything the factors can tell apart).
ROUNDING_NUDGE = 1e-6


def graded_cost(cost, budget):
    """The cost factor for a trip costing `cost` against a `budget` (weights.COST_HALF_OVER):
    1 within the budget, halving for every COST_HALF_OVER of the budget over it. Numbers or
    arrays alike (one formula for the scalar and the vectorised paths)."""
    cost = np.asarray(cost, dtype=np.float64)
    over = np.maximum(cost - budget, 0.0)
    if budget > 0:
        return np.power(0.5, over / (budget * w.COST_HALF_OVER))
    return np.where(over > 0, 0.0, 1.0)


def adjusted_total(raw, penalty, spread):
    """The total after the evidence-floor penalty and the spread term, kept within 0-100;
    numbers or arrays, the same operations in the same order."""
    return np.minimum(np.maximum((raw - penalty) + spread, 0.0), 100.0)  # np.clip's numbers, faster


def shown_total(raw):
    """A total as shown and ranked: one decimal, half up."""
    return math.floor(raw * 10 + 0.5 + ROUNDING_NUDGE) / 10


def shown_totals(raw):
    """`shown_total` for an array, to the last bit the same numbers."""
    return np.floor(raw * 10 + 0.5 + ROUNDING_NUDGE) / 10


def best_proficiency(features, vector, rows):
    """The volunteer's best proficiency among each trip's languages (0: none of them)."""
    best = np.zeros(len(rows), dtype=np.int64)
    speaks = features.one_volunteer.speaks
    for column, level in zip(vector.language_columns.tolist(), vector.proficiency.tolist(), strict=True):
        best = np.maximum(best, speaks[column][rows] * level)
    return best


def factor_scores(features, vector, rows, days, *, side="volunteer"):
    """(rows × 7 factor scores clipped to 0..1 in FACTORS order, best proficiency per row)
    for the trips `rows` (indices into the store) and their covered `days`."""
    proficiency = best_proficiency(features, vector, rows)
    klass = (proficiency > 0).astype(np.int64) + (proficiency >= vocabulary.USEFUL_PROFICIENCY)
    scores = np.empty((len(rows), len(FACTORS)))
    if vector.weighted:
        columns, at = features.one_volunteer, rows * 3 + klass  # satisfaction[rows, klass], faster
        weighted = columns.satisfaction_by_class.take(at, axis=0) @ vector.motivation_weights
        if vector.leaning:
            weighted = weighted + w.SAFEGUARD_WEIGHT * columns.safeguard_by_class.take(at)
        scores[:, 0] = weighted / vector.weighted
    else:
        scores[:, 0] = w.NEUTRAL
    scores[:, 1] = features.quality[rows]
    if vector.primary_column >= 0:
        primary = features.one_volunteer.has_place[vector.primary_column][rows]
        scores[:, 2] = np.where(primary, w.SPECIALTY_PRIMARY, w.SPECIALTY_SECONDARY)
    else:
        scores[:, 2] = w.SPECIALTY_SECONDARY
    scores[:, 3] = np.where(features.has_languages[rows], LANGUAGE_BY_CLASS[klass], 1.0)
    scores[:, 4] = days / features.days[rows]
    if vector.no_place_preference:
        scores[:, 5] = w.NEUTRAL
    else:
        country = features.country[rows]
        scores[:, 5] = np.where(
            vector.preferred_country[country],
            w.REGION_COUNTRY,
            np.where(vector.region_country[country], w.REGION_REGION, 0.0),
        )
    if side == "trip":
        scores[:, 6] = w.TRIP_SIDE_COST
    elif vector.max_budget_usd is None:
        scores[:, 6] = w.NEUTRAL
    else:
        scores[:, 6] = graded_cost(features.cost[rows], vector.max_budget_usd)
    clip_in_place(scores, 0.0, 1.0)
    return scores, proficiency


def clip_in_place(values, low, high):
    """`np.clip(values, low, high, out=values)`: the same numbers, without np.clip's few
    microseconds of overhead a call."""
    np.maximum(values, low, out=values)
    np.minimum(values, high, out=values)


def raw_totals(scores, features=None, rows=None, *, spread=True):
    """Σ weight × score per row, added factor by factor in FACTORS order as the scalar
    reference (tests/matching/oracle.py) adds; with `features` and `rows`, less the evidence
    floor's penalty and, unless `spread` is False (the trip's side), plus the spread term."""
    # 0 + the first product is that product: the scores are clipped to 0..1, never -0.
    total = FACTOR_WEIGHT_VECTOR[0] * scores[:, 0]
    for column in range(1, len(FACTORS)):
        total += FACTOR_WEIGHT_VECTOR[column] * scores[:, column]
    if features is None:
        return total
    points = features.one_volunteer.spread[rows] if spread else 0.0
    return adjusted_total(total, features.penalty[rows], points)

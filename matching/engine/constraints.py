"""Hard constraints for every trip of a store at once: boolean masks, never a score.

The same rules as `scoring.hard_constraints` for one pair, checked against `today` on
every call (a store outlives a day; a deadline does not)."""

import numpy as np


def covered_days(features, vector):
    """Trip days inside the volunteer's merged availability windows, per trip."""
    days = np.zeros(len(features), dtype=np.int64)
    for start, end in vector.windows:
        overlap = np.minimum(end, features.end) - np.maximum(start, features.start) + 1
        days += np.maximum(overlap, 0)
    return days


def place_for_specialty(features, vector):
    """Whether a place is left for any of the volunteer's specialties, per trip."""
    if not len(vector.specialty_columns):
        return np.zeros(len(features), dtype=bool)
    return features.has_place[:, vector.specialty_columns].any(axis=1)


def within_scope_of_practice(features, vector):
    """Neither `outside_scope_of_practice` nor `no_active_licence_unsupervised` (see
    `scoring.scope_of_practice_codes`)."""
    if vector.level_column >= 0:
        level_accepted = features.any_level | features.accepts_level[:, vector.level_column]
    else:
        level_accepted = features.any_level.copy()
    if vector.trainee or vector.lacks_licence:
        return level_accepted & features.supervision
    return level_accepted


def eligible(features, vector, today, days=None):
    """(mask of trips that pass every hard constraint, covered days per trip)."""
    days = covered_days(features, vector) if days is None else days
    mask = features.verified & features.is_open & (features.deadline >= today.toordinal())
    mask &= place_for_specialty(features, vector)
    mask &= days > 0
    mask &= within_scope_of_practice(features, vector)
    if vector.never_over_budget:
        mask &= features.cost <= vector.max_budget_usd
    return mask, days


def eligible_rows(features, vector, today):
    """(rows of the trips that pass every hard constraint, covered days per row): the mask of
    `eligible`, narrowed as it goes. The cheap boolean columns of the whole store first
    (`features.one_volunteer`), then the dates of the trips left only."""
    columns = features.one_volunteer
    if not len(vector.specialty_columns):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    place = columns.has_place[vector.specialty_columns[0]]
    for column in vector.specialty_columns[1:].tolist():
        place = place | columns.has_place[column]
    mask = columns.listed_on(today.toordinal()) & place
    if vector.level_column >= 0:
        mask &= features.any_level | columns.accepts_level[vector.level_column]
    else:
        mask &= features.any_level
    if vector.trainee or vector.lacks_licence:
        mask &= features.supervision
    if vector.never_over_budget:
        mask &= features.cost <= vector.max_budget_usd
    rows = np.flatnonzero(mask)
    first, last = features.start[rows], features.end[rows]
    days = np.zeros(len(rows), dtype=np.int64)
    for start, end in vector.windows:
        days += np.maximum(np.minimum(end, last) - np.maximum(start, first) + 1, 0)
    keep = days > 0
    return rows[keep], days[keep]

"""Physicians as columns (one row a physician): the trip-feature store seen from the other side.

`VolunteerFeatures` holds every value the engine reads about a physician, built once from
`VolunteerProfile`s and never changed afterwards (a refresh makes a new object), so many
threads may read one while another builds its successor. `TripsAgainst` lays a few trips
(a `TripFeatures`) out against a `VolunteerFeatures`' columns, so that any (physician,
trip) pairs can be scored with plain array indexing (`volunteer_scores.py`).
"""

from dataclasses import dataclass

import numpy as np

import vocabulary

from . import weights as w
from .features import MOTIVATIONS, TRAINING_LEVELS
from .scoring import _Volunteer, leans_on_adventure_or_skills

REGIONS = tuple(vocabulary.REGIONS)
_REGION_COUNTRIES = tuple(frozenset(vocabulary.REGIONS[r][1]) for r in REGIONS)
_EMPTY_WINDOW = (1, 0)  # padding: overlaps no trip


def _merged_windows(profile):
    """The profile's availability as disjoint ordinal ranges, merged as `_Volunteer` merges."""
    merged = []
    for window in sorted(profile.availability, key=lambda w_: w_.start):
        start, end = window.start.toordinal(), window.end.toordinal()
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _weights(profile):
    """Positive motivation weights by key, read as `_Volunteer` reads them (the last wins)."""
    return {key: value for key, value in profile.motivation_weights if value > 0}


def _level_column(level):
    return TRAINING_LEVELS.index(level) if level in TRAINING_LEVELS else -1


def _columns_of(profiles):
    """(specialty, language, country) column dicts in order of first appearance."""
    specialties, languages, countries = {}, {}, {}
    for profile in profiles:
        for sid in sorted(profile.specialty_ids):
            specialties.setdefault(sid, len(specialties))
        for skill in profile.languages:
            if skill.proficiency > 0:
                languages.setdefault(skill.code, len(languages))
        for code in sorted(profile.preferred_countries):
            countries.setdefault(code, len(countries))
    return specialties, languages, countries


@dataclass(frozen=True, eq=False)
class VolunteerFeatures:
    """Every physician the engine may suggest, as arrays of equal length (row i is `profiles[i]`)."""

    profiles: tuple
    ids: np.ndarray  # int64
    specialty_columns: dict  # specialty id -> column of `has_specialty`
    has_specialty: np.ndarray  # bool, rows × specialties
    primary_column: np.ndarray  # int64: column of the primary specialty, -1 when none (or not theirs)
    window_start: np.ndarray  # int64 ordinals, rows × most windows (padding overlaps nothing)
    window_end: np.ndarray
    language_columns: dict  # language code -> column of `proficiency`
    proficiency: np.ndarray  # int8, rows × languages: the best stated proficiency, 0 none
    motivation_weights: np.ndarray  # float64, rows × MOTIVATIONS
    weighted: np.ndarray  # float64: the fit's denominator (0: no motivation given)
    leaning: np.ndarray  # bool: leans on adventure or skills (the safeguard counts)
    no_place_preference: np.ndarray  # bool
    country_columns: dict  # country code -> column of `prefers_country`
    prefers_country: np.ndarray  # bool, rows × countries
    prefers_region: np.ndarray  # bool, rows × REGIONS
    level_column: np.ndarray  # int64 into TRAINING_LEVELS, -1 for a level outside them
    needs_supervision: np.ndarray  # bool: a trainee, or no full, active licence

    def __post_init__(self):
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def __len__(self):
        return len(self.profiles)

    @property
    def nbytes(self):
        """Memory held by the arrays (the profiles they were built from not counted)."""
        return sum(value.nbytes for value in vars(self).values() if isinstance(value, np.ndarray))

    @classmethod
    def from_profiles(cls, profiles, columns=None):
        """Build the columns from engine `VolunteerProfile`s; `columns` ((specialty,
        language, country) dicts) extends given ones rather than starting afresh."""
        profiles = tuple(profiles)
        n = len(profiles)
        specialties, languages, countries = ({**c} for c in columns) if columns else ({}, {}, {})
        found = _columns_of(profiles)
        for mine, theirs in zip((specialties, languages, countries), found, strict=True):
            for key in theirs:
                mine.setdefault(key, len(mine))
        merged = [_merged_windows(p) for p in profiles]
        width = max((len(m) for m in merged), default=0) or 1
        window_start = np.full((n, width), _EMPTY_WINDOW[0], dtype=np.int64)
        window_end = np.full((n, width), _EMPTY_WINDOW[1], dtype=np.int64)
        has_specialty = np.zeros((n, max(1, len(specialties))), dtype=bool)
        proficiency = np.zeros((n, max(1, len(languages))), dtype=np.int8)
        prefers_country = np.zeros((n, max(1, len(countries))), dtype=bool)
        prefers_region = np.zeros((n, len(REGIONS)), dtype=bool)
        motivation_weights = np.zeros((n, len(MOTIVATIONS)))
        primary_column = np.full(n, -1, dtype=np.int64)
        weighted = np.zeros(n)
        leaning = np.zeros(n, dtype=bool)
        for row, profile in enumerate(profiles):
            for column, (start, end) in enumerate(merged[row]):
                window_start[row, column], window_end[row, column] = start, end
            for sid in profile.specialty_ids:
                has_specialty[row, specialties[sid]] = True
            primary = profile.primary_specialty_id
            if primary is not None and primary in profile.specialty_ids:
                primary_column[row] = specialties[primary]
            for skill in profile.languages:
                if skill.proficiency > 0:
                    column = languages[skill.code]
                    proficiency[row, column] = max(proficiency[row, column], skill.proficiency)
            for code in profile.preferred_countries:
                prefers_country[row, countries[code]] = True
            for column, region in enumerate(REGIONS):
                prefers_region[row, column] = region in profile.preferred_regions
            weights = _weights(profile)
            for column, motivation in enumerate(MOTIVATIONS):
                motivation_weights[row, column] = float(weights.get(motivation, 0))
            leaning[row] = leans_on_adventure_or_skills(profile)
            weighted[row] = sum(weights.values()) + (w.SAFEGUARD_WEIGHT if leaning[row] else 0)

        def column(values, dtype):
            return np.fromiter(values, dtype=dtype, count=n)

        return cls(
            profiles=profiles,
            ids=column((p.id for p in profiles), np.int64),
            specialty_columns=specialties,
            has_specialty=has_specialty,
            primary_column=primary_column,
            window_start=window_start,
            window_end=window_end,
            language_columns=languages,
            proficiency=proficiency,
            motivation_weights=motivation_weights,
            weighted=weighted,
            leaning=leaning,
            no_place_preference=column((not p.preferred_countries and not p.preferred_regions for p in profiles), bool),
            country_columns=countries,
            prefers_country=prefers_country,
            prefers_region=prefers_region,
            level_column=column(
                (
                    TRAINING_LEVELS.index(p.training_level) if p.training_level in TRAINING_LEVELS else -1
                    for p in profiles
                ),
                np.int64,
            ),
            needs_supervision=column(
                (
                    p.training_level in (vocabulary.STUDENT, vocabulary.RESIDENT)
                    or p.licence_status != vocabulary.LICENCE_ACTIVE
                    for p in profiles
                ),
                bool,
            ),
        )

    def columns(self):
        return self.specialty_columns, self.language_columns, self.country_columns

    def replaced(self, physician_ids, profiles):
        """A new store without the physicians `physician_ids` and with `profiles` (re-read
        physicians, new or changed) added, this one unchanged. Columns only grow: a
        specialty, language or country no one had before widens the matrices."""
        added = VolunteerFeatures.from_profiles(profiles, columns=self.columns())
        drop = set(physician_ids) | {p.id for p in added.profiles}
        kept = np.flatnonzero(~np.isin(self.ids, np.fromiter(drop, dtype=np.int64, count=len(drop))))
        values = {}
        for name, value in vars(self).items():
            if not isinstance(value, np.ndarray):
                continue
            mine, theirs = value[kept], getattr(added, name)
            if value.ndim == 2 and mine.shape[1] != theirs.shape[1]:
                wider = max(mine.shape[1], theirs.shape[1])
                fill = _EMPTY_WINDOW[0] if name == "window_start" else _EMPTY_WINDOW[1] if name == "window_end" else 0
                mine, theirs = (_widened(part, wider, fill) for part in (mine, theirs))
            values[name] = np.concatenate([mine, theirs])
        return VolunteerFeatures(
            profiles=tuple(self.profiles[i] for i in kept.tolist()) + added.profiles,
            specialty_columns=added.specialty_columns,
            language_columns=added.language_columns,
            country_columns=added.country_columns,
            **values,
        )

    def prepared(self, row):
        """The scalar facts of one physician, for the explanations of the rows shown."""
        return _Volunteer(self.profiles[row])


def _widened(matrix, width, fill):
    out = np.full((matrix.shape[0], width), fill, dtype=matrix.dtype)
    out[:, : matrix.shape[1]] = matrix
    return out


@dataclass(frozen=True, eq=False)
class TripsAgainst:
    """Trips (a `TripFeatures`) laid out against a `VolunteerFeatures`' columns: what
    scoring (physician, trip) pairs reads about the trips. Row t is `trips.offers[t]`."""

    trips: object  # TripFeatures
    needs: np.ndarray  # bool, trips × the physicians' specialty columns: a place is left
    speaks: np.ndarray  # bool, trips × the physicians' language columns
    country_column: np.ndarray  # int64 into the physicians' country columns, -1 when no one prefers it
    in_region: np.ndarray  # bool, trips × REGIONS

    @classmethod
    def of(cls, trips, volunteers):
        needs = np.zeros((len(trips), volunteers.has_specialty.shape[1]), dtype=bool)
        for sid, column in trips.specialty_columns.items():
            if sid in volunteers.specialty_columns:
                needs[:, volunteers.specialty_columns[sid]] |= trips.has_place[:, column]
        speaks = np.zeros((len(trips), volunteers.proficiency.shape[1]), dtype=bool)
        for code, column in trips.language_columns.items():
            if code in volunteers.language_columns:
                speaks[:, volunteers.language_columns[code]] |= trips.speaks[:, column]
        codes = trips.country_codes
        by_code = np.array([volunteers.country_columns.get(c, -1) for c in codes] or [-1], dtype=np.int64)
        in_code_region = np.array(
            [[c in countries for countries in _REGION_COUNTRIES] for c in codes] or [[False] * len(REGIONS)],
            dtype=bool,
        )
        return cls(
            trips=trips,
            needs=needs,
            speaks=speaks,
            country_column=by_code[trips.country],
            in_region=in_code_region[trips.country],
        )

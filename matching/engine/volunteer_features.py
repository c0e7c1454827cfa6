"""Physicians as columns (one row a physician): the trip-feature store seen from the other side.

`VolunteerFeatures` holds every value the engine reads about a physician, built once from
`PhysicianRows` (or `VolunteerProfile`s) and never changed afterwards (a refresh makes a new object), so many
threads may read one while another builds its successor. `TripsAgainst` lays a few trips
(a `TripFeatures`) out against a `VolunteerFeatures`' columns, so that any (physician,
trip) pairs can be scored with plain array indexing (`volunteer_scores.py`).
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

import vocabulary

from . import weights as w
from .features import MOTIVATIONS, TRAINING_LEVELS
from .preparation import _Volunteer
from .volunteer_one_trip import OneTripColumns
from .volunteer_rows import PhysicianRows

REGIONS = tuple(vocabulary.REGIONS)
_REGION_COUNTRIES = tuple(frozenset(vocabulary.REGIONS[r][1]) for r in REGIONS)
_EMPTY_WINDOW = (1, 0)  # padding: overlaps no trip


def _level_column(level):
    return TRAINING_LEVELS.index(level) if level in TRAINING_LEVELS else -1


def _extended(columns, keys):
    """`columns` (key -> column) with the new `keys` added in order of first appearance."""
    columns = dict(columns)
    for key in keys:
        columns.setdefault(key, len(columns))
    return columns


def _distinct(values):
    """(the distinct values in order of first appearance, each value's index among them)."""
    index = {value: i for i, value in enumerate(dict.fromkeys(values))}
    return list(index), np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))


def _merged_windows(rows):
    """(owner row, start, end) of the availability windows merged per physician as
    `_Volunteer` merges them: sorted by start, a window that starts by the day after the
    running end joins it."""
    owner, start, end = rows.window_owner, rows.window_start, rows.window_end
    if not len(owner):
        return owner, start, end
    order = np.lexsort((start, owner))
    owner, start, end = owner[order], start[order], end[order]
    # The running end within each physician: ordinals stay below 2**22, owners go above.
    running = np.maximum.accumulate((owner << 22) + end) - (owner << 22)
    new_owner = np.r_[True, owner[1:] != owner[:-1]]
    opens = new_owner | np.r_[True, start[1:] > running[:-1] + 1]
    firsts = np.flatnonzero(opens)
    return owner[firsts], start[firsts], np.maximum.reduceat(end, firsts)


@dataclass(frozen=True, eq=False)
class VolunteerFeatures:
    """Every physician the engine may suggest, as arrays of equal length (row i is the
    physician at row i of `rows`)."""

    rows: PhysicianRows
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
    budget_limit: np.ndarray  # float64: the budget of a physician who never wants trips over it, else +inf

    def __post_init__(self):
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def __len__(self):
        return len(self.ids)

    @property
    def nbytes(self):
        """Memory held by the feature arrays, the one-trip layout included once made (the
        rows they were built from not counted)."""
        arrays = sum(value.nbytes for value in vars(self).values() if isinstance(value, np.ndarray))
        return arrays + (self.__dict__["one_trip"].nbytes if "one_trip" in self.__dict__ else 0)

    @classmethod
    def from_profiles(cls, profiles, columns=None):
        """Build the columns from engine `VolunteerProfile`s (see `from_rows`)."""
        return cls.from_rows(PhysicianRows.from_profiles(profiles), columns=columns)

    @classmethod
    def from_rows(cls, rows, columns=None):
        """Build the columns from `PhysicianRows` with array operations; `columns`
        ((specialty, language, country) dicts) extends given ones rather than starting
        afresh."""
        n = len(rows)
        given = columns or ({}, {}, {})
        specialties = _extended(
            given[0], dict.fromkeys(np.r_[rows.primary[rows.primary > 0], rows.specialty_id].tolist())
        )
        spoken = rows.language_proficiency > 0
        languages = _extended(given[1], dict.fromkeys(rows.language_code[spoken].tolist()))
        # A hundred thousand physicians hold a few dozen distinct country and region sets,
        # training levels and licence statuses: each is worked out once, then indexed.
        country_sets, country_set = _distinct(rows.preferred_countries)
        region_sets, region_set = _distinct(rows.preferred_regions)
        countries = _extended(given[2], (c for chosen in country_sets for c in sorted(chosen)))

        has_specialty = np.zeros((n, max(1, len(specialties))), dtype=bool)
        specialty_lookup = np.vectorize(specialties.__getitem__, otypes=[np.int64])
        if len(rows.specialty_id):
            has_specialty[rows.specialty_owner, specialty_lookup(rows.specialty_id)] = True
        primary_column = np.full(n, -1, dtype=np.int64)
        with_primary = np.flatnonzero(rows.primary > 0)
        if len(with_primary):
            primary_column[with_primary] = specialty_lookup(rows.primary[with_primary])
            has_specialty[with_primary, primary_column[with_primary]] = True

        owner, start, end = _merged_windows(rows)
        firsts = np.searchsorted(owner, owner, side="left")
        slot = np.arange(len(owner)) - firsts
        width = int(slot.max()) + 1 if len(slot) else 1
        window_start = np.full((n, width), _EMPTY_WINDOW[0], dtype=np.int64)
        window_end = np.full((n, width), _EMPTY_WINDOW[1], dtype=np.int64)
        window_start[owner, slot], window_end[owner, slot] = start, end

        proficiency = np.zeros((n, max(1, len(languages))), dtype=np.int8)
        if spoken.any():
            codes = np.vectorize(languages.__getitem__, otypes=[np.int64])(rows.language_code[spoken])
            np.maximum.at(proficiency, (rows.language_owner[spoken], codes), rows.language_proficiency[spoken])

        every_weight = np.maximum(rows.motivations, 0).astype(np.float64)  # zeros included, as the leaning reads them
        motivation_weights = every_weight
        weight_sum = every_weight.sum(axis=1)
        leaning = _leaning(every_weight)
        weighted = weight_sum + np.where(leaning, w.SAFEGUARD_WEIGHT, 0)

        country_table = np.zeros((len(country_sets), max(1, len(countries))), dtype=bool)
        for i, chosen in enumerate(country_sets):
            country_table[i, [countries[code] for code in chosen]] = True
        region_column = {r: i for i, r in enumerate(REGIONS)}
        region_table = np.zeros((len(region_sets), len(REGIONS)), dtype=bool)
        for i, regions in enumerate(region_sets):
            region_table[i, [region_column[r] for r in regions if r in region_column]] = True
        no_countries = np.array([not chosen for chosen in country_sets], dtype=bool)
        no_regions = np.array([not regions for regions in region_sets], dtype=bool)

        levels, level = _distinct(rows.training_levels)
        licences, licence = _distinct(rows.licence_statuses)
        level_table = np.array([_level_column(value) for value in levels], dtype=np.int64)
        trainee = np.array([value in (vocabulary.STUDENT, vocabulary.RESIDENT) for value in levels], dtype=bool)
        unlicensed = np.array([value != vocabulary.LICENCE_ACTIVE for value in licences], dtype=bool)
        budget = np.fromiter((np.nan if b is None else b for b in rows.max_budget_usd), dtype=np.float64, count=n)

        return cls(
            rows=rows,
            ids=rows.ids,
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
            no_place_preference=no_countries[country_set] & no_regions[region_set],
            country_columns=countries,
            prefers_country=country_table[country_set],
            prefers_region=region_table[region_set],
            level_column=level_table[level],
            needs_supervision=trainee[level] | unlicensed[licence],
            budget_limit=np.where(rows.never_over_budget & ~np.isnan(budget), budget, np.inf),
        )

    def columns(self):
        return self.specialty_columns, self.language_columns, self.country_columns

    @cached_property
    def one_trip(self):
        """These columns laid out for scoring one trip against every row (`OneTripColumns`),
        made on first use and kept with the store."""
        return OneTripColumns.of(self)

    def replaced(self, physician_ids, rows):
        """A new store without the physicians `physician_ids` and with `rows` (re-read
        physicians, new or changed: `PhysicianRows`) added, this one unchanged. Columns
        only grow: a specialty, language or country no one had before widens the matrices."""
        added = VolunteerFeatures.from_rows(rows, columns=self.columns())
        drop = set(physician_ids) | set(added.ids.tolist())
        kept = np.flatnonzero(~np.isin(self.ids, np.fromiter(drop, dtype=np.int64, count=len(drop))))
        values = {}
        for name, value in vars(self).items():
            if not isinstance(value, np.ndarray) or name == "ids":
                continue
            mine, theirs = value[kept], getattr(added, name)
            if value.ndim == 2 and mine.shape[1] != theirs.shape[1]:
                wider = max(mine.shape[1], theirs.shape[1])
                fill = _EMPTY_WINDOW[0] if name == "window_start" else _EMPTY_WINDOW[1] if name == "window_end" else 0
                mine, theirs = (_widened(part, wider, fill) for part in (mine, theirs))
            values[name] = np.concatenate([mine, theirs])
        joined = self.rows.taken(kept).joined(added.rows)
        return VolunteerFeatures(
            rows=joined,
            ids=joined.ids,
            specialty_columns=added.specialty_columns,
            language_columns=added.language_columns,
            country_columns=added.country_columns,
            **values,
        )

    def prepared(self, row):
        """The scalar facts of one physician, for the explanations of the rows shown."""
        return _Volunteer(self.rows.profile(row))


def _leaning(every_weight):
    """`leans_on_adventure_or_skills` for every row of weights over MOTIVATIONS."""
    adventure = every_weight[:, MOTIVATIONS.index(vocabulary.ADVENTURE)]
    growth = every_weight[:, MOTIVATIONS.index(vocabulary.GROWTH)]
    others = [i for i, m in enumerate(MOTIVATIONS) if m not in (vocabulary.ADVENTURE, vocabulary.GROWTH)]
    strongest_other = every_weight[:, others].max(axis=1) if others else np.zeros(len(every_weight))
    top = np.maximum(adventure, growth)
    return ((top == vocabulary.MOTIVATION_WEIGHT_MAX) & (top > strongest_other)) | (
        adventure + growth >= w.LEANING_THRESHOLD
    )


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
        # Only the countries these trips are in: a row taken from a national store has one.
        codes = trips.country_codes
        by_code = np.full(max(1, len(codes)), -1, dtype=np.int64)
        in_code_region = np.zeros((max(1, len(codes)), len(REGIONS)), dtype=bool)
        for i in np.unique(trips.country).tolist():
            by_code[i] = volunteers.country_columns.get(codes[i], -1)
            in_code_region[i] = [codes[i] in countries for countries in _REGION_COUNTRIES]
        return cls(
            trips=trips,
            needs=needs,
            speaks=speaks,
            country_column=by_code[trips.country],
            in_region=in_code_region[trips.country],
        )

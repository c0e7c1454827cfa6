"""Physicians as flat rows: what `VolunteerProfile`s are made of, without making them.

A national store holds a hundred thousand physicians; building a frozen dataclass for
each (and for each of their languages and windows) costs more than all the array work
that ranks them. `PhysicianRows` keeps one entry per physician (its own fields and its motivation
weights, a row of a small matrix) and one per related row (other specialties,
languages, availability windows) with
the row of its physician, sorted by that row, so the feature columns are built with a few
array operations and a `VolunteerProfile` is made only for a physician whose explanation
is shown (`profile`), equal to the one built from the database rows directly."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import itemgetter

import numpy as np

from .features import MOTIVATIONS
from .types import DateWindow, LanguageSkill, VolunteerProfile

NO_WEIGHT = -1  # in `PhysicianRows.motivations`: the physician gave this motivation no weight


def _ints(values):
    return np.fromiter(values, dtype=np.int64)


def _strings(values):
    return np.array(list(values), dtype=object)


def _ordinals(values):
    return np.fromiter((day.toordinal() for day in values), dtype=np.int64)


def _ranks(strings):
    """Integers that sort as the strings do (lexsort takes no objects; a few distinct codes)."""
    strings = strings.tolist()
    rank = {value: i for i, value in enumerate(sorted(set(strings)))}
    return np.fromiter((rank[value] for value in strings), dtype=np.int64, count=len(strings))


def _sets(values, members):
    """A frozenset of `members(value)` per value (a sequence), one per distinct value (a
    hundred thousand physicians choose among a few dozen country and region lists)."""
    keys = list(map(tuple, values))
    made = {key: frozenset(members(key)) for key in dict.fromkeys(keys)}
    return tuple(map(made.__getitem__, keys))


def _row_columns(rows, kinds):
    """Plain rows (physician id, value, ...) as columns: the ids, then `kinds[i]` of each
    value column."""
    rows = list(rows)
    # One column at a time: zip(*rows) over half a million rows is a call with half a million
    # arguments, ten times slower than taking each column out.
    columns = [list(map(itemgetter(i), rows)) for i in range(len(kinds) + 1)]
    return [_ints(columns[0]), *(kind(column) for kind, column in zip(kinds, columns[1:], strict=True))]


def _owned(ids, columns, keys):
    """(owner row, column, ...) arrays for related rows given as columns (physician ids,
    values, ...): each row's physician by position in the sorted `ids` (rows of other
    physicians dropped), sorted by owner and then by `keys(columns)`, most significant first."""
    owner_ids, *values = (np.asarray(column) for column in columns)
    owner = np.searchsorted(ids, owner_ids)
    known = owner < len(ids)
    known[known] = ids[owner[known]] == owner_ids[known]
    owner, values = owner[known], [v[known] for v in values]
    order = np.lexsort((*reversed(keys([owner, *values])), owner)) if len(owner) else np.zeros(0, dtype=np.int64)
    return (owner[order], *(v[order] for v in values))


@dataclass(frozen=True, eq=False)
class PhysicianRows:
    ids: np.ndarray  # int64, one a physician
    display_names: tuple
    primary: np.ndarray  # int64 specialty id, 0 for none
    preferred_countries: tuple  # frozenset per physician
    preferred_regions: tuple  # frozenset per physician
    max_budget_usd: tuple  # int or None per physician
    years_in_practice: np.ndarray
    prior_mission_trips: np.ndarray
    training_levels: tuple
    licence_statuses: tuple
    never_over_budget: np.ndarray  # bool: "never show me trips over my budget"
    specialty_owner: np.ndarray  # other specialties: the physician's row, then the specialty id
    specialty_id: np.ndarray
    language_owner: np.ndarray  # languages, best first then by code within a physician
    language_code: np.ndarray  # object (str)
    language_proficiency: np.ndarray
    window_owner: np.ndarray  # availability windows by start date within a physician
    window_start: np.ndarray  # day ordinals
    window_end: np.ndarray
    motivations: np.ndarray  # int8, rows × MOTIVATIONS: the weight given, NO_WEIGHT where none

    def __len__(self):
        return len(self.ids)

    @classmethod
    def of(cls, physicians, specialties, languages, windows, motivations):
        """From plain database rows: physicians (id, display name, primary specialty id or
        None, preferred countries, preferred regions, budget, years in practice, prior
        trips, training level, licence status, never over budget) and languages (physician id,
        code, proficiency), in any order; as integer columns, in any order: other specialties
        (physician ids, specialty ids) and availability windows (physician ids, first and last
        days as ordinals); motivations as (physician ids, weights), the weights one row of
        MOTIVATIONS per id (NO_WEIGHT where none), physicians without a row giving none."""
        physicians = sorted(physicians, key=itemgetter(0))

        def field(place):
            return map(itemgetter(place), physicians)

        ids = _ints(field(0))
        specialty = _owned(ids, specialties, lambda c: (c[1],))
        language = _owned(ids, _row_columns(languages, (_strings, _ints)), lambda c: (-c[2], _ranks(c[1])))
        window = _owned(ids, windows, lambda c: (c[1],))
        motivation_ids, motivation_weights = motivations
        motivation = np.full((len(ids), len(MOTIVATIONS)), NO_WEIGHT, dtype=np.int8)
        at = np.searchsorted(ids, motivation_ids)
        known = at < len(ids)
        known[known] = ids[at[known]] == motivation_ids[known]
        motivation[at[known]] = motivation_weights[known]
        return cls(
            ids=ids,
            display_names=tuple(field(1)),
            primary=_ints(primary or 0 for primary in field(2)),
            preferred_countries=_sets(field(3), lambda codes: (str(c) for c in codes if str(c))),
            preferred_regions=_sets((regions or () for regions in field(4)), iter),
            max_budget_usd=tuple(field(5)),
            years_in_practice=_ints(field(6)),
            prior_mission_trips=_ints(field(7)),
            training_levels=tuple(field(8)),
            licence_statuses=tuple(field(9)),
            never_over_budget=np.fromiter(map(bool, field(10)), dtype=bool, count=len(physicians)),
            specialty_owner=specialty[0],
            specialty_id=specialty[1],
            language_owner=language[0],
            language_code=language[1],
            language_proficiency=language[2],
            window_owner=window[0],
            window_start=window[1],
            window_end=window[2],
            motivations=motivation,
        )

    @classmethod
    def from_profiles(cls, profiles):
        """From engine `VolunteerProfile`s (hand-built ones included): the rows they stand for."""
        profiles = {p.id: p for p in profiles}.values()
        return cls.of(
            [
                (
                    p.id,
                    p.display_name,
                    p.primary_specialty_id if p.primary_specialty_id in p.specialty_ids else None,
                    tuple(p.preferred_countries),
                    tuple(p.preferred_regions),
                    p.max_budget_usd,
                    p.years_in_practice,
                    p.prior_mission_trips,
                    p.training_level,
                    p.licence_status,
                    p.never_over_budget,
                )
                for p in profiles
            ],
            _row_columns(
                [(p.id, s) for p in profiles for s in p.specialty_ids if s != p.primary_specialty_id], (_ints,)
            ),
            # One entry per language, at its best proficiency, as `_Volunteer` reads them.
            [(p.id, code, level) for p in profiles for code, level in _best_by_code(p.languages).items()],
            _row_columns([(p.id, w.start, w.end) for p in profiles for w in p.availability], (_ordinals, _ordinals)),
            _motivation_matrix(profiles),
        )

    @cached_property
    def _starts(self):
        """Per kind of related row, where each physician's rows start (and the last ends)."""
        every = np.arange(len(self.ids) + 1)
        return {owner: np.searchsorted(getattr(self, owner), every) for owner in _ENTRIES}

    def _span(self, owner, row):
        starts = self._starts[owner]
        return slice(int(starts[row]), int(starts[row + 1]))

    def profile(self, row):
        """The engine `VolunteerProfile` of one row, as `volunteer_profiles_from_rows` makes it."""
        primary = int(self.primary[row]) or None
        others = self.specialty_id[self._span("specialty_owner", row)].tolist()
        languages = self._span("language_owner", row)
        windows = self._span("window_owner", row)
        return VolunteerProfile(
            id=int(self.ids[row]),
            display_name=self.display_names[row],
            specialty_ids=frozenset(([primary] if primary else []) + [s for s in others if s != primary]),
            primary_specialty_id=primary,
            languages=tuple(
                LanguageSkill(code=code, proficiency=level)
                for code, level in zip(
                    self.language_code[languages].tolist(),
                    self.language_proficiency[languages].tolist(),
                    strict=True,
                )
            ),
            availability=tuple(
                DateWindow(start=date.fromordinal(start), end=date.fromordinal(end))
                for start, end in zip(
                    self.window_start[windows].tolist(), self.window_end[windows].tolist(), strict=True
                )
            ),
            preferred_countries=self.preferred_countries[row],
            preferred_regions=self.preferred_regions[row],
            max_budget_usd=self.max_budget_usd[row],
            motivation_weights=tuple(
                sorted(
                    (key, weight)
                    for key, weight in zip(MOTIVATIONS, self.motivations[row].tolist(), strict=True)
                    if weight != NO_WEIGHT
                )
            ),
            years_in_practice=int(self.years_in_practice[row]),
            prior_mission_trips=int(self.prior_mission_trips[row]),
            training_level=self.training_levels[row],
            licence_status=self.licence_statuses[row],
            never_over_budget=bool(self.never_over_budget[row]),
        )

    def taken(self, rows):
        """The physicians at `rows` (an increasing int array), renumbered from 0."""
        new_row = np.full(len(self.ids), -1, dtype=np.int64)
        new_row[rows] = np.arange(len(rows))
        values = {}
        for owner, fields in _ENTRIES.items():
            keep = new_row[getattr(self, owner)] >= 0
            values[owner] = new_row[getattr(self, owner)[keep]]
            for name in fields:
                values[name] = getattr(self, name)[keep]
        picked = rows.tolist()
        for name in _PER_PHYSICIAN_TUPLES:
            values[name] = tuple(getattr(self, name)[i] for i in picked)
        for name in _PER_PHYSICIAN_ARRAYS:
            values[name] = getattr(self, name)[rows]
        return PhysicianRows(**values)

    def joined(self, other):
        """These physicians, then `other`'s."""
        values = {}
        for owner, fields in _ENTRIES.items():
            values[owner] = np.concatenate([getattr(self, owner), getattr(other, owner) + len(self)])
            for name in fields:
                values[name] = np.concatenate([getattr(self, name), getattr(other, name)])
        for name in _PER_PHYSICIAN_TUPLES:
            values[name] = getattr(self, name) + getattr(other, name)
        for name in _PER_PHYSICIAN_ARRAYS:
            values[name] = np.concatenate([getattr(self, name), getattr(other, name)])
        return PhysicianRows(**values)


_ENTRIES = {
    "specialty_owner": ("specialty_id",),
    "language_owner": ("language_code", "language_proficiency"),
    "window_owner": ("window_start", "window_end"),
}
_PER_PHYSICIAN_TUPLES = (
    "display_names",
    "preferred_countries",
    "preferred_regions",
    "max_budget_usd",
    "training_levels",
    "licence_statuses",
)
_PER_PHYSICIAN_ARRAYS = (
    "ids",
    "primary",
    "years_in_practice",
    "prior_mission_trips",
    "never_over_budget",
    "motivations",
)


def _best_by_code(languages):
    best = {}
    for skill in languages:
        best[skill.code] = max(skill.proficiency, best.get(skill.code, 0))
    return best


def _motivation_matrix(profiles):
    """(ids, weights) of `PhysicianRows.of` for profiles: one weight per motivation, the last
    given, as `_Volunteer` reads them (the database holds one per motivation of the vocabulary)."""
    column = {key: i for i, key in enumerate(MOTIVATIONS)}
    weights = np.full((len(profiles), len(MOTIVATIONS)), NO_WEIGHT, dtype=np.int8)
    for row, p in enumerate(profiles):
        for key, weight in p.motivation_weights:
            weights[row, column[key]] = weight
    return np.fromiter((p.id for p in profiles), dtype=np.int64, count=len(profiles)), weights

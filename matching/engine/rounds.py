"""Match rounds: physician-proposing deferred acceptance with capacities (Gale-Shapley,
as used by residency matches).

A *program* is a (trip, specialty) pair with a number of places. A physician's list over
trips expands into programs: for each trip, in the physician's order, each of their
specialties that the trip has places for, primary specialty first. A trip's ranking of
physicians applies to every one of its programs; a physician the trip did not rank is
not acceptable to it.

Stability: no physician p and program q such that (1) p ranked q's trip and has q's
specialty, (2) the trip ranked p, (3) p prefers q to what p got (or p got nothing), and
(4) q has a free place or holds someone its trip ranks below p. Physician-proposing
deferred acceptance yields the stable outcome every physician likes best, and it is
unique, so the order in which we process proposals cannot change the result.
"""

from dataclasses import dataclass, field, fields
from itertools import chain

import numpy as np


@dataclass(frozen=True)
class RoundInput:
    physician_preferences: dict  # physician id -> (trip id, ...) best first
    physician_specialties: dict  # physician id -> (specialty id, ...) primary first
    trip_rankings: dict  # trip id -> (physician id, ...) best first
    capacities: dict  # (trip id, specialty id) -> places
    couples: tuple = ()  # ((physician id, physician id), ...) who want the same trip


@dataclass(frozen=True)
class RoundResult:
    assignments: dict = field(default_factory=dict)  # physician id -> (trip id, specialty id)
    unmatched: tuple = ()
    couples_apart: tuple = ()  # couples the round could not place on one trip


def _rank_tables(round_input):
    return {trip: {p: i for i, p in enumerate(ranking)} for trip, ranking in round_input.trip_rankings.items()}


def program_lists(round_input, rank_of=None):
    """Each physician's acceptable programs, best first."""
    rank_of = rank_of if rank_of is not None else _rank_tables(round_input)
    capacities = round_input.capacities
    lists = {}
    for physician, trips in round_input.physician_preferences.items():
        specialties = round_input.physician_specialties.get(physician, ())
        programs = []
        seen = set()
        for trip in trips:
            if trip in seen or physician not in rank_of.get(trip, ()):
                continue
            seen.add(trip)
            for specialty in specialties:
                if capacities.get((trip, specialty), 0) > 0:
                    programs.append((trip, specialty))
        lists[physician] = programs
    return lists


def run_round(round_input):
    """Physician-proposing deferred acceptance, then a best-effort pass for couples.

    Couples (two physicians who asked to travel together) are handled as the residency
    Match does in spirit, but simply: a stable outcome with couples may not exist, so
    (1) each partner's list is narrowed to the trips both ranked, ordered by their summed
    ranks; (2) deferred acceptance runs on those lists (stable for them); (3) if the
    partners still landed apart, they move together to the first joint trip with free
    places for both. Step 3 only fills empty places, so no one is displaced, but the places
    they leave may create instability; couples we could not seat together are reported.
    Without couples this is exactly physician-proposing deferred acceptance. `round_input` is
    a `RoundInput` or the same round as `RoundColumns`."""
    if round_input.couples:
        return _run_with_couples(round_input.as_input() if isinstance(round_input, RoundColumns) else round_input)
    return _deferred_acceptance(round_input)


def _joint_order(round_input, a, b):
    prefs = round_input.physician_preferences
    rank_a = {t: i for i, t in enumerate(prefs.get(a, ()))}
    rank_b = {t: i for i, t in enumerate(prefs.get(b, ()))}
    joint = [t for t in prefs.get(a, ()) if t in rank_b]
    return tuple(sorted(joint, key=lambda t: (rank_a[t] + rank_b[t], rank_a[t], t)))


def _run_with_couples(round_input):
    preferences = dict(round_input.physician_preferences)
    joint_orders = {}
    for a, b in round_input.couples:
        joint = _joint_order(round_input, a, b)
        joint_orders[(a, b)] = joint
        if joint:
            preferences[a] = joint
            preferences[b] = joint
    narrowed = RoundInput(
        preferences, round_input.physician_specialties, round_input.trip_rankings, round_input.capacities
    )
    result = _deferred_acceptance(narrowed)
    assignments = dict(result.assignments)
    load = {}
    for program in assignments.values():
        load[program] = load.get(program, 0) + 1
    rank_of = _rank_tables(round_input)
    apart = []
    for a, b in round_input.couples:
        here_a, here_b = assignments.get(a), assignments.get(b)
        if here_a and here_b and here_a[0] == here_b[0]:
            continue
        placed = False
        for trip in joint_orders[(a, b)]:
            if a not in rank_of.get(trip, {}) or b not in rank_of.get(trip, {}):
                continue
            for program in (here_a, here_b):
                if program:
                    load[program] -= 1  # if they move, their current places free up
            seats = {}
            for person in (a, b):
                for specialty in round_input.physician_specialties.get(person, ()):
                    program = (trip, specialty)
                    taken = load.get(program, 0) + sum(1 for p in seats.values() if p == program)
                    if taken < round_input.capacities.get(program, 0):
                        seats[person] = program
                        break
            if len(seats) == 2:
                for person, program in seats.items():
                    assignments[person] = program
                    load[program] = load.get(program, 0) + 1
                placed = True
                break
            for program in (here_a, here_b):
                if program:
                    load[program] += 1
        if not placed:
            apart.append((a, b))
    unmatched = tuple(sorted(p for p in round_input.physician_preferences if p not in assignments))
    return RoundResult(assignments=assignments, unmatched=unmatched, couples_apart=tuple(apart))


def _keys(high, low):
    """One int64 per pair of ids below 2**31: sortable, searchable."""
    return (np.asarray(high, dtype=np.int64) << 32) | np.asarray(low, dtype=np.int64)


def _lookup(keys, wanted):
    """(position in the sorted `keys`, found) for each of `wanted`; the queries are sorted
    first, so the search walks the keys in order (a million random probes are slower)."""
    if not len(keys):
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    order = np.argsort(wanted)
    at = np.empty(len(wanted), dtype=np.int64)
    at[order] = np.minimum(np.searchsorted(keys, wanted[order]), len(keys) - 1)
    return at, keys[at] == wanted


def _repeats(keys):
    """Whether any key occurs twice."""
    ordered = np.sort(keys)
    return bool(len(ordered) > 1 and (ordered[1:] == ordered[:-1]).any())


def _flattened(groups):
    """(group index, value) arrays for a list of id sequences, in order."""
    counts = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    values = np.fromiter(chain.from_iterable(groups), dtype=np.int64, count=int(counts.sum()))
    return np.repeat(np.arange(len(groups)), counts), values


def _group_positions(group):
    """Each entry's position within its run of equal, contiguous `group` values."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    return np.arange(len(group)) - np.repeat(starts, np.diff(np.r_[starts, len(group)]))


@dataclass(frozen=True)
class RoundColumns:
    """A round's input as int64 id columns, as a database reads it (no object per row):
    `RoundInput`'s content, one entry per listed id.

    - physicians: every physician in the round, sorted;
    - preference_physician, preference_trip: each physician's trips best first, the
      physicians' entries contiguous;
    - specialty_physician, specialty_id: each physician's specialties, primary first,
      contiguous per physician;
    - ranking_trip, ranking_physician: each trip's physicians best first, contiguous per
      trip (a physician a trip lists twice keeps the later place);
    - program_trip, program_specialty, program_places: places per (trip, specialty)."""

    physicians: np.ndarray
    preference_physician: np.ndarray
    preference_trip: np.ndarray
    specialty_physician: np.ndarray
    specialty_id: np.ndarray
    ranking_trip: np.ndarray
    ranking_physician: np.ndarray
    program_trip: np.ndarray
    program_specialty: np.ndarray
    program_places: np.ndarray
    couples: tuple = ()

    @classmethod
    def of(cls, round_input):
        """A `RoundInput`'s dicts as columns, in the order the dicts give."""
        return _input_columns(round_input)

    @property
    def places(self):
        return int(self.program_places[self.program_places > 0].sum())

    def id_arrays(self):
        """The id columns, in field order (couples aside)."""
        return tuple(getattr(self, f.name) for f in fields(self) if f.name != "couples")

    def as_input(self):
        """The same round as a `RoundInput` of dicts (for couples, which are handled one by one)."""

        def grouped(keys, values):
            bounds = np.flatnonzero(keys[1:] != keys[:-1]) + 1
            return {
                int(part[0]): tuple(chunk.tolist())
                for part, chunk in zip(np.split(keys, bounds), np.split(values, bounds), strict=True)
                if len(part)
            }

        preferences = dict.fromkeys(self.physicians.tolist(), ())
        preferences.update(grouped(self.preference_physician, self.preference_trip))
        programs = zip(
            self.program_trip.tolist(), self.program_specialty.tolist(), self.program_places.tolist(), strict=True
        )
        return RoundInput(
            physician_preferences=preferences,
            physician_specialties=grouped(self.specialty_physician, self.specialty_id),
            trip_rankings=grouped(self.ranking_trip, self.ranking_physician),
            capacities={(trip, specialty): places for trip, specialty, places in programs},
            couples=self.couples,
        )


def _input_columns(round_input):
    """`RoundInput`'s dicts as `RoundColumns`, in the order the dicts give."""
    preferences = round_input.physician_preferences
    physicians = np.array(sorted(preferences), dtype=np.int64)
    owner, trips = _flattened([preferences[p] for p in physicians.tolist()])
    specialties = round_input.physician_specialties
    specialty_owner, specialty_flat = _flattened([specialties.get(p, ()) for p in physicians.tolist()])
    ranking_trips = np.fromiter(round_input.trip_rankings, dtype=np.int64, count=len(round_input.trip_rankings))
    group, ranked = _flattened(list(round_input.trip_rankings.values()))
    programs = list(round_input.capacities.items())
    return RoundColumns(
        physicians=physicians,
        preference_physician=physicians[owner],
        preference_trip=trips,
        specialty_physician=physicians[specialty_owner],
        specialty_id=specialty_flat,
        ranking_trip=ranking_trips[group],
        ranking_physician=ranked,
        program_trip=np.fromiter((k[0] for k, _places in programs), dtype=np.int64, count=len(programs)),
        program_specialty=np.fromiter((k[1] for k, _places in programs), dtype=np.int64, count=len(programs)),
        program_places=np.fromiter((places for _k, places in programs), dtype=np.int64, count=len(programs)),
        couples=round_input.couples,
    )


@dataclass(frozen=True)
class RoundArrays:
    """A round's input as integer arrays: physician i's acceptable programs, best first, are
    entries `starts[i]` to `starts[i + 1]` of `entry_program` (a program's index) and
    `entry_rank` (the physician's rank on that program's trip)."""

    physicians: np.ndarray  # physician ids, sorted
    programs: tuple  # (trip id, specialty id) per program index
    capacity: np.ndarray
    starts: np.ndarray
    entry_program: np.ndarray
    entry_rank: np.ndarray

    @classmethod
    def of(cls, round_input):
        """The acceptable programs of `program_lists`, in its order, with array operations:
        each physician's trips (once each) expanded into their specialties, primary first,
        that the trip has places for, and kept where the trip ranked the physician.
        `round_input` is a `RoundInput` or `RoundColumns`."""
        columns = round_input if isinstance(round_input, RoundColumns) else _input_columns(round_input)
        physicians = columns.physicians
        owner = np.searchsorted(physicians, columns.preference_physician)
        trips = columns.preference_trip
        # A trip listed twice counts once, at its first place (the check is one sort; lists
        # are rarely repeated).
        listed = _keys(owner, trips)
        if _repeats(listed):
            _unique, first = np.unique(listed, return_index=True)
            once = np.sort(first)
            owner, trips = owner[once], trips[once]

        ranking_rank = _group_positions(columns.ranking_trip)
        ranking_keys = _keys(columns.ranking_trip, columns.ranking_physician)
        if _repeats(ranking_keys):
            # A physician a trip lists twice keeps the later place, as `_rank_tables` does.
            order = np.lexsort((ranking_rank, ranking_keys))
            ranking_keys, ranking_rank = ranking_keys[order], ranking_rank[order]
            last = np.r_[ranking_keys[1:] != ranking_keys[:-1], True]
            ranking_keys, ranking_rank = ranking_keys[last], ranking_rank[last]
        else:
            order = np.argsort(ranking_keys)
            ranking_keys, ranking_rank = ranking_keys[order], ranking_rank[order]
        at, acceptable = _lookup(ranking_keys, _keys(trips, physicians[owner]))
        owner, trips, rank = owner[acceptable], trips[acceptable], ranking_rank[at[acceptable]]

        specialty_owner = np.minimum(np.searchsorted(physicians, columns.specialty_physician), len(physicians) - 1)
        known = physicians[specialty_owner] == columns.specialty_physician if len(physicians) else []
        specialty_owner, specialty_flat = specialty_owner[known], columns.specialty_id[known]
        specialty_counts = np.bincount(specialty_owner, minlength=len(physicians))
        specialty_starts = np.r_[0, np.cumsum(specialty_counts)]
        repeat = specialty_counts[owner]
        entry_owner = np.repeat(owner, repeat)
        position = np.arange(int(repeat.sum())) - np.repeat(np.r_[0, np.cumsum(repeat)][:-1], repeat)
        entry_specialty = specialty_flat[specialty_starts[entry_owner] + position]
        entry_trip, entry_rank = np.repeat(trips, repeat), np.repeat(rank, repeat)

        # Programs with places, sorted; a program given twice keeps its last count, as a dict does.
        offered = columns.program_places > 0
        program_keys = _keys(columns.program_trip, columns.program_specialty)
        program_keys, capacity = program_keys[::-1], columns.program_places[::-1]
        program_keys, first = np.unique(program_keys, return_index=True)
        keep = offered[::-1][first]
        program_keys, capacity = program_keys[keep], capacity[first][keep]
        programs = tuple(zip((program_keys >> 32).tolist(), (program_keys & 0xFFFFFFFF).tolist(), strict=True))
        at, offered = _lookup(program_keys, _keys(entry_trip, entry_specialty))
        entry_owner, entry_program, entry_rank = entry_owner[offered], at[offered], entry_rank[offered]
        starts = np.r_[0, np.cumsum(np.bincount(entry_owner, minlength=len(physicians)))]
        return cls(physicians, programs, capacity, starts, entry_program, entry_rank)


def _deferred_acceptance(round_input):
    """Physician-proposing deferred acceptance over integer arrays, all free physicians
    proposing at once each pass: every program keeps the best of its holders and proposers
    up to its places and turns away the rest, who propose to their next program in the next
    pass. The physician-optimal stable outcome is unique, so this is the outcome of proposing
    one at a time. Deterministic."""
    arrays = RoundArrays.of(round_input)
    n = len(arrays.physicians)
    next_entry, ends = arrays.starts[:-1].copy(), arrays.starts[1:]
    held_program = np.full(n, -1, dtype=np.int64)
    held_rank = np.zeros(n, dtype=np.int64)
    free = np.arange(n)
    # Programs proposed to this pass, shifted by one so that "holds nothing" (-1) reads False:
    # a gather over the holders rather than a set test (`isin` sorts) each of a hundred passes.
    proposed = np.zeros(len(arrays.capacity) + 1, dtype=bool)
    while True:
        free = free[next_entry[free] < ends[free]]
        if not len(free):
            break
        entries = next_entry[free]
        next_entry[free] += 1
        program, rank = arrays.entry_program[entries], arrays.entry_rank[entries]
        proposed[program + 1] = True
        holders = np.flatnonzero(proposed[held_program + 1])
        proposed[program + 1] = False
        who = np.concatenate([holders, free])
        where = np.concatenate([held_program[holders], program])
        ranks = np.concatenate([held_rank[holders], rank])
        # One key per (program, rank): a trip ranks each physician once, so keys are distinct
        # and any sort gives the same order.
        order = np.argsort(_keys(where, ranks))
        who, where, ranks = who[order], where[order], ranks[order]
        group_start = np.flatnonzero(np.r_[True, where[1:] != where[:-1]])
        place = np.arange(len(where)) - np.repeat(group_start, np.diff(np.r_[group_start, len(where)]))
        kept = place < arrays.capacity[where]
        held_program[who[kept]], held_rank[who[kept]] = where[kept], ranks[kept]
        held_program[who[~kept]] = -1
        free = who[~kept]
    placed = np.flatnonzero(held_program >= 0)
    programs = arrays.programs
    assignments = dict(
        zip(arrays.physicians[placed].tolist(), (programs[i] for i in held_program[placed].tolist()), strict=True)
    )
    return RoundResult(assignments=assignments, unmatched=tuple(arrays.physicians[held_program < 0].tolist()))


def blocking_pairs(round_input, result):
    """Every (physician, program) pair that would rather have each other: empty when stable."""
    rank_of = _rank_tables(round_input)
    lists = program_lists(round_input, rank_of)
    holders = {}
    for physician, program in result.assignments.items():
        holders.setdefault(program, []).append(physician)
    blocking = []
    for physician, programs in lists.items():
        current = result.assignments.get(physician)
        for program in programs:
            if program == current:
                break  # everything after is liked less than what the physician has
            held = holders.get(program, [])
            if len(held) < round_input.capacities[program]:
                blocking.append((physician, program))
                continue
            ranks = rank_of[program[0]]
            if any(ranks[other] > ranks[physician] for other in held):
                blocking.append((physician, program))
    return blocking

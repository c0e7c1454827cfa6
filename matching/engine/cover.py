"""Continuity of cover: which weeks of a host's cover calendar have a clinician on site, and
a cover round that proposes stays to fill the rest.

Time is counted in whole weeks, Monday to Sunday. A week is *wanted* when it overlaps one of
the calendar's periods, *covered* when clinicians already committed (accepted volunteers of
the specialty) are on site every day of it, and a physician is *available* for a week when
their availability windows hold all seven days.

A stay is one physician for consecutive wanted weeks they are available for, at least the
host's minimum stay, never across a week that is not wanted or already covered. The round
chooses stays that do not overlap (one clinician at a time is cover; a second adds none),
each physician at most once, maximising the weeks covered, then the total fit (a stay's fit
× its weeks). The search is exact (branch and bound under a bound that ignores the
one-stay-a-physician rule); on inputs too large to finish within `node_budget` it returns
the best plan found and says it is not proven optimal. It need not be stable: it serves
the host's calendar, and each physician still chooses whether to go.
"""

from dataclasses import dataclass
from datetime import date, timedelta

_EPSILON = 1e-9


def week_monday(day):
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def weeks_overlapping(periods):
    """The Mondays of every week that overlaps one of the (start, end) date periods, sorted."""
    mondays = set()
    for start, end in periods:
        monday = week_monday(start)
        while monday <= end:
            mondays.add(monday)
            monday += timedelta(days=7)
    return tuple(sorted(mondays))


def _merged(windows):
    """Date windows merged into disjoint ordinal ranges."""
    merged = []
    for start, end in sorted((s.toordinal(), e.toordinal()) for s, e in windows):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def weeks_held(windows, mondays):
    """The Mondays among `mondays` whose whole week (all seven days) lies inside `windows`."""
    ranges = _merged(windows)
    held = []
    for monday in mondays:
        first = monday.toordinal()
        if any(start <= first and first + 6 <= end for start, end in ranges):
            held.append(monday)
    return tuple(held)


@dataclass(frozen=True, slots=True)
class CoverCandidate:
    """A physician who could come: their availability windows ((start, end) dates) and their
    fit for the host (0..1, the engine's score from the host's side)."""

    physician_id: int
    windows: tuple
    fit: float


@dataclass(frozen=True, slots=True)
class CoverStay:
    physician_id: int
    start: date  # a Monday
    end: date  # a Sunday
    weeks: int
    fit: float


@dataclass(frozen=True, slots=True)
class CoverPlan:
    stays: tuple  # CoverStay, by start date
    wanted_weeks: tuple  # Mondays the calendar wants and nobody covers yet
    covered_weeks: tuple  # Mondays of `wanted_weeks` the stays cover
    uncovered_weeks: tuple  # Mondays of `wanted_weeks` still without anyone
    total_fit: float  # Σ fit × weeks over the stays
    optimal: bool  # False when the search stopped at its node budget

    @property
    def weeks_covered(self):
        return len(self.covered_weeks)

    @property
    def weeks_uncovered(self):
        return len(self.uncovered_weeks)


def _options(mondays, candidates, minimum_weeks):
    """For each position of `mondays`: [(end position, candidate index, fit)], every stay
    that can start there, longest and best first."""
    n = len(mondays)
    consecutive_until = list(range(n))  # the last position of the run of consecutive weeks from i
    for i in range(n - 2, -1, -1):
        if (mondays[i + 1] - mondays[i]).days == 7:
            consecutive_until[i] = consecutive_until[i + 1]
    options = [[] for _ in range(n)]
    for index, candidate in enumerate(candidates):
        held = set(weeks_held(candidate.windows, mondays))
        available = [monday in held for monday in mondays]
        run_end = [-1] * n  # the last position of the run of available consecutive weeks from i
        for i in range(n - 1, -1, -1):
            if available[i]:
                nxt = run_end[i + 1] if i + 1 < n and consecutive_until[i] > i else -1
                run_end[i] = nxt if nxt >= 0 else i
        for i in range(n):
            if run_end[i] < 0:
                continue
            for j in range(i + minimum_weeks - 1, run_end[i] + 1):
                options[i].append((j, index, candidate.fit))
    for row in options:
        row.sort(key=lambda option: (-(option[0]), -option[2], option[1]))
    return options


def plan_cover(*, wanted_weeks, candidates, minimum_weeks=1, node_budget=200_000):
    """The cover round: a `CoverPlan` for the wanted Mondays (already covered weeks left out
    by the caller) from `candidates` (CoverCandidate). See the module docstring."""
    mondays = tuple(sorted(set(wanted_weeks)))
    candidates = tuple(sorted(candidates, key=lambda c: c.physician_id))
    minimum_weeks = max(1, int(minimum_weeks))
    n = len(mondays)
    options = _options(mondays, candidates, minimum_weeks)
    # Lexicographic (weeks, fit × weeks) as one number: fit × weeks never reaches n + 1.
    scale = n + 1.0

    def value(i, j, fit):
        weeks = j - i + 1
        return weeks * scale + fit * weeks

    # The bound: the best from each position on, letting a physician come more than once.
    bound = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        best = bound[i + 1]
        for j, _index, fit in options[i]:
            best = max(best, value(i, j, fit) + bound[j + 1])
        bound[i] = best

    best_value = -1.0
    best_stays = ()
    nodes = 0
    exhausted = False
    chosen = []
    used = set()

    def search(i, so_far):
        nonlocal best_value, best_stays, nodes, exhausted
        if so_far > best_value + _EPSILON:
            best_value, best_stays = so_far, tuple(chosen)
        if i >= n or exhausted:
            return
        if so_far + bound[i] <= best_value + _EPSILON:
            return
        nodes += 1
        if nodes > node_budget:
            exhausted = True
            return
        for j, index, fit in options[i]:
            if index in used:
                continue
            used.add(index)
            chosen.append((i, j, index))
            search(j + 1, so_far + value(i, j, fit))
            chosen.pop()
            used.discard(index)
            if exhausted:
                return
        search(i + 1, so_far)

    search(0, 0.0)
    stays = tuple(
        CoverStay(
            physician_id=candidates[index].physician_id,
            start=mondays[i],
            end=mondays[j] + timedelta(days=6),
            weeks=j - i + 1,
            fit=candidates[index].fit,
        )
        for i, j, index in best_stays
    )
    covered = {mondays[k] for i, j, _index in best_stays for k in range(i, j + 1)}
    return CoverPlan(
        stays=stays,
        wanted_weeks=mondays,
        covered_weeks=tuple(m for m in mondays if m in covered),
        uncovered_weeks=tuple(m for m in mondays if m not in covered),
        total_fit=sum(stay.fit * stay.weeks for stay in stays),
        optimal=not exhausted,
    )

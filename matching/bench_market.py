"""A simulated market for the spread (congestion) term: how many trips get an applicant,
and how much fit the physicians give up for it.

    python -m matching.bench_market --trips 20000 --physicians 100000

Generated engine input (no database): organizations, trips and physicians drawn like the
scale data of `bench_data`. Physicians arrive in random order; each applies to their top 3
trips as the engine ranks them. With the term, the ranking adds `spread_points` from a
snapshot of applications per open place that is recomputed every --refresh applications
(as the scheduled refresh does in production), not after each one. Prints the share of
trips with at least one applicant with and without the term, the mean fit lost (points of
100 of the chosen trips' totals without the term) and the runtime.
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta

import numpy as np

import vocabulary
from matching.engine import (
    DateWindow,
    LanguageSkill,
    OrganizationEvidence,
    TripFeatures,
    TripOffer,
    VolunteerProfile,
    VolunteerVector,
)
from matching.engine.constraints import eligible
from matching.engine.scores import factor_scores, raw_totals, shown_totals
from matching.engine.spread import spread_need, spread_points

TODAY = date(2027, 1, 4)
SPECIALTIES = tuple(range(1, 17))
COUNTRIES = sorted({code for _label, codes in vocabulary.REGIONS.values() for code in codes})
LANGUAGES = [code for code, _name in vocabulary.LANGUAGES]
APPLICATIONS_EACH = 3


def _organization(rng, pk):
    return OrganizationEvidence(
        id=pk,
        is_verified=True,
        is_faith_based=rng.random() < 0.4,
        runs_year_round_facility=rng.random() < 0.5,
        has_follow_up_plan=rng.random() < 0.6,
        local_staff_employed=rng.randint(0, 40),
        hands_records_to_local_providers=rng.random() < 0.5,
        years_active_in_community=rng.randint(0, 30),
        needs_assessment_with_local_leaders=rng.random() < 0.6,
        local_partner_names=("Partner hospital",) if rng.random() < 0.7 else (),
        publishes_fee_breakdown=rng.random() < 0.5,
        share_of_fees_to_local_care=rng.choice([None, 30, 50, 70]),
        trains_local_staff=rng.random() < 0.6,
        local_training_frequency=rng.choice(vocabulary.TRAINING_FREQUENCY_KEYS),
        has_local_curriculum=rng.random() < 0.4,
        mentors_local_clinicians=rng.random() < 0.5,
        education_audience=rng.choice(vocabulary.EDUCATION_AUDIENCE_KEYS),
        offers_cultural_orientation=rng.random() < 0.6,
        has_safety_protocol=rng.random() < 0.7,
        offers_self_care_support=rng.random() < 0.5,
        offers_predeparture_briefing=rng.random() < 0.7,
        provides_evacuation_insurance=rng.random() < 0.6,
    )


def build_market(*, trips, physicians, organizations=None, seed=1):
    """(TripFeatures, open places per row, [VolunteerProfile] in arrival order)."""
    rng = random.Random(seed)
    organizations = organizations or max(1, trips // 4)
    orgs = [(_organization(rng, pk), rng.choice(COUNTRIES)) for pk in range(1, organizations + 1)]
    offers, places = [], []
    for pk in range(1, trips + 1):
        org, country = orgs[rng.randrange(len(orgs))]
        start = TODAY + timedelta(days=rng.randint(30, 365))
        needs = tuple((s, rng.randint(1, 4)) for s in rng.sample(SPECIALTIES, rng.randint(1, 3)))
        offers.append(
            TripOffer(
                id=pk,
                title=f"Trip {pk}",
                organization=org,
                country=country,
                place="",
                start=start,
                end=start + timedelta(days=rng.choice([6, 9, 13, 20])),
                application_deadline=start - timedelta(days=rng.choice([7, 21, 30])),
                open_places=needs,
                languages=frozenset(rng.sample(LANGUAGES[:8], rng.randint(0, 2))),
                cost_usd=rng.choice([0, 500, 1000, 1500, 2500, 4000]),
                has_continuity_plan=rng.random() < 0.5,
                supervision_provided=rng.random() < 0.5,
            )
        )
        places.append(sum(left for _s, left in needs))
    features = TripFeatures.from_offers(offers)
    row_places = np.array(places, dtype=np.float64)  # from_offers keeps the offers' order
    people = []
    for pk in range(1, physicians + 1):
        primary = rng.choice(SPECIALTIES)
        others = set(rng.sample(SPECIALTIES, rng.randint(0, 1)))
        offset = rng.randint(0, 300)
        people.append(
            VolunteerProfile(
                id=pk,
                specialty_ids=frozenset({primary} | others),
                primary_specialty_id=primary,
                languages=(LanguageSkill("en", 3),)
                + tuple(LanguageSkill(c, rng.randint(1, 3)) for c in rng.sample(LANGUAGES[1:8], rng.randint(0, 1))),
                availability=(
                    DateWindow(
                        TODAY + timedelta(days=offset), TODAY + timedelta(days=offset + rng.choice([30, 60, 120]))
                    ),
                ),
                preferred_regions=frozenset(rng.sample(sorted(vocabulary.REGIONS), rng.randint(0, 2))),
                max_budget_usd=rng.choice([None, 1000, 2000, 3000]),
                motivation_weights=tuple(
                    (key, weight) for key in vocabulary.MOTIVATION_KEYS if (weight := rng.choice([0, 1, 2, 3]))
                ),
                years_in_practice=rng.randint(0, 35),
            )
        )
    rng.shuffle(people)  # arrival order
    return features, row_places, people


def simulate(features, places, people, *, refresh=1000, with_spread=True):
    """(share of trips with >= 1 applicant, mean total of the chosen trips without the term,
    applications made, seconds)."""
    started = time.perf_counter()
    applications = np.zeros(len(features))
    snapshot = spread_points(spread_need(applications, places))
    made, since_refresh, chosen_total = 0, 0, 0.0
    for profile in people:
        vector = VolunteerVector.of(profile, features)
        mask, days = eligible(features, vector, TODAY)
        rows = np.flatnonzero(mask)
        if not len(rows):
            continue
        scores, _proficiency = factor_scores(features, vector, rows, days[rows])
        # The totals without the spread term (generated offers carry no snapshot of their own).
        base = shown_totals(raw_totals(scores, features, rows, spread=False))
        # Ties as the matches page breaks them: earlier start, then lower id (row order here).
        key = base + snapshot[rows] if with_spread else base
        take = min(APPLICATIONS_EACH, len(rows))
        top = np.argpartition(-key, take - 1)[:take] if take < len(rows) else np.arange(len(rows))
        applications[rows[top]] += 1
        chosen_total += float(base[top].sum())
        made += take
        since_refresh += take
        if with_spread and since_refresh >= refresh:
            snapshot = spread_points(spread_need(applications, places))
            since_refresh = 0
    share = float(np.count_nonzero(applications)) / len(features)
    return share, chosen_total / max(made, 1), made, time.perf_counter() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trips", type=int, default=20_000)
    parser.add_argument("--physicians", type=int, default=100_000)
    parser.add_argument("--refresh", type=int, default=1000, help="applications between congestion snapshots")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    features, places, people = build_market(trips=args.trips, physicians=args.physicians)
    print(
        f"market: {args.trips:,} trips, {args.physicians:,} physicians built in {time.perf_counter() - started:.1f} s"
    )
    plain = simulate(features, places, people, with_spread=False)
    spread = simulate(features, places, people, refresh=args.refresh, with_spread=True)
    for name, (share, mean, made, seconds) in (("without the spread term", plain), ("with the spread term", spread)):
        print(
            f"market: {name}: {share:.1%} of trips with at least one applicant; {made:,} applications, "
            f"mean total of the trips chosen {mean:.2f}; {seconds:.1f} s "
            f"({seconds / len(people) * 1000:.2f} ms a physician)"
        )
    print(
        f"market: spread term: {100 * (spread[0] - plain[0]):+.1f} points of trips with an applicant, "
        f"mean fit lost {plain[1] - spread[1]:.2f} points of 100 (snapshot every {args.refresh:,} applications)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

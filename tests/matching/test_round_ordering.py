"""The match round's bulk reverse ranking: the same order as the one-trip ranking, and
volunteers built from plain rows equal to those built from model instances."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

import vocabulary
from matching.engine import DateWindow, LanguageSkill, rank_applicants_of_trips, rank_volunteers_lazily
from matching.physician_reads import volunteer_profiles_from_rows
from matching.selectors import volunteer_profile
from physicians.models import AvailabilityWindow, PhysicianProfile
from physicians.specialties import common_specialty
from tests.factories import PhysicianProfileFactory
from tests.matching import builders

TODAY = date(2027, 1, 10)


def test_bulk_order_equals_the_one_trip_ranking():
    volunteers = [
        builders.volunteer(id=1),
        builders.volunteer(id=2, languages=(LanguageSkill("en", 3),)),  # no Spanish
        builders.volunteer(id=3, availability=(DateWindow(date(2027, 3, 5), date(2027, 3, 9)),)),  # partial
        builders.volunteer(id=4, motivation_weights=((vocabulary.ADVENTURE, 3),)),
        builders.volunteer(id=5, availability=(DateWindow(date(2028, 1, 1), date(2028, 2, 1)),)),  # excluded
    ]
    offers = [
        builders.trip(id=10),
        builders.trip(id=11, languages=frozenset(), organization=builders.weak_organization()),
    ]
    pairs = [(offers[0], volunteers), (offers[1], list(reversed(volunteers[:4])))]
    order = rank_applicants_of_trips(pairs, today=TODAY)
    for offer, candidates in pairs:
        assert order[offer.id] == rank_volunteers_lazily(offer, candidates, today=TODAY).volunteer_ids()
    assert 5 not in order[10]  # no date overlap: never ranked
    assert len(order[10]) == 4


@pytest.mark.django_db
def test_volunteers_from_rows_equal_those_from_model_instances():
    today = timezone.localdate()
    physicians = [
        PhysicianProfileFactory(
            languages={"es": vocabulary.FLUENT, "fr": vocabulary.BASIC},
            motivations={vocabulary.TEACHING: 3, vocabulary.FAITH: 1},
            preferred_countries=["NI", "HT"],
            preferred_regions=["central_america"],
            max_budget_usd=1500,
            training_level=vocabulary.RESIDENT,
        ),
        PhysicianProfileFactory(available=False, primary_specialty=None),
        PhysicianProfileFactory(),
    ]
    physicians[0].other_specialties.add(common_specialty("pediatrics"), common_specialty("family-medicine"))
    AvailabilityWindow.objects.create(physician=physicians[0], start_date=today - timedelta(days=9), end_date=today)
    expected = {
        p.pk: volunteer_profile(p)
        for p in PhysicianProfile.objects.filter(pk__in=[p.pk for p in physicians]).with_related()
    }
    assert volunteer_profiles_from_rows({p.pk for p in physicians}) == expected


# --- The round's fast trip-side scoring against the full assessment ------------------

from hypothesis import strategies as st  # noqa: E402

from matching.engine import weights as w  # noqa: E402

SPECIALTIES = st.sampled_from([1, 2, 3])
LANGUAGE_CODES = st.sampled_from(["en", "es", "fr", "ht"])
COUNTRIES = st.sampled_from(["NI", "HT", "GT", "KE", "PE"])
DAY = st.integers(0, 30).map(lambda n: TODAY + timedelta(days=n))


@st.composite
def windows(draw):
    start = draw(DAY)
    return DateWindow(
        start=start - timedelta(days=draw(st.integers(0, 20))), end=start + timedelta(days=draw(st.integers(0, 40)))
    )


@st.composite
def volunteers(draw, pk):
    return builders.volunteer(
        id=pk,
        specialty_ids=frozenset(draw(st.lists(SPECIALTIES, min_size=1, max_size=3))),
        primary_specialty_id=draw(st.one_of(st.none(), SPECIALTIES)),
        languages=tuple(
            LanguageSkill(code, level)
            for code, level in draw(st.lists(st.tuples(LANGUAGE_CODES, st.integers(1, 3)), max_size=3))
        ),
        availability=tuple(draw(st.lists(windows(), min_size=1, max_size=3))),
        preferred_countries=frozenset(draw(st.lists(COUNTRIES, max_size=2))),
        preferred_regions=frozenset(draw(st.lists(st.sampled_from(sorted(vocabulary.REGIONS)), max_size=2))),
        motivation_weights=tuple(
            sorted(draw(st.dictionaries(st.sampled_from(vocabulary.MOTIVATION_KEYS), st.integers(0, 3))).items())
        ),
        # Mostly people who may go, so most pairs are scored rather than excluded.
        training_level=draw(
            st.sampled_from([vocabulary.ATTENDING] * 3 + [vocabulary.RESIDENT, vocabulary.STUDENT, vocabulary.RETIRED])
        ),
        licence_status=draw(st.sampled_from([vocabulary.LICENCE_ACTIVE] * 3 + list(vocabulary.LICENCE_STATUS_KEYS))),
        max_budget_usd=draw(st.sampled_from([None, 0, 500, 1200, 2000])),
        never_over_budget=draw(st.integers(0, 3)) == 0,
    )


@st.composite
def offers(draw):
    start = draw(DAY)
    flag = st.booleans()
    organization = builders.organization(
        is_verified=draw(st.integers(0, 9)) > 0,  # mostly eligible, sometimes not
        runs_year_round_facility=draw(flag),
        has_follow_up_plan=draw(flag),
        hands_records_to_local_providers=draw(flag),
        years_active_in_community=draw(st.one_of(st.none(), st.integers(0, 30))),
        local_staff_employed=draw(st.one_of(st.none(), st.integers(0, 15))),
        needs_assessment_with_local_leaders=draw(flag),
        local_partner_names=("Partner",) if draw(flag) else (),
        publishes_fee_breakdown=draw(flag),
        share_of_fees_to_local_care=draw(st.sampled_from([None, 30, 70])),
        trains_local_staff=draw(flag),
        has_local_curriculum=draw(flag),
        mentors_local_clinicians=draw(flag),
        education_audience=draw(st.sampled_from(list(vocabulary.EDUCATION_AUDIENCE_KEYS))),
        offers_cultural_orientation=draw(flag),
        has_safety_protocol=draw(flag),
        offers_self_care_support=draw(flag),
        offers_predeparture_briefing=draw(flag),
        offers_predeparture_training=draw(flag),
        provides_evacuation_insurance=draw(flag),
        is_faith_based=draw(flag),
        follow_up_confirmed_rate=draw(st.one_of(st.none(), st.floats(0, 1))),
        scorecard=tuple(
            sorted(
                draw(
                    st.dictionaries(
                        st.sampled_from(vocabulary.SCORECARD_ITEM_KEYS),
                        st.sampled_from([vocabulary.MET, vocabulary.NOT_MET]),
                    )
                ).items()
            )
        ),
    )
    return builders.trip(
        organization=organization,
        country=draw(COUNTRIES),
        start=start,
        end=start + timedelta(days=draw(st.integers(0, 20))),
        application_deadline=TODAY + timedelta(days=draw(st.integers(-1, 30))),
        is_open=draw(st.integers(0, 9)) > 0,
        open_places=tuple(
            draw(st.lists(st.tuples(SPECIALTIES, st.sampled_from([0, 1, 1, 2])), min_size=1, max_size=3))
        ),
        languages=frozenset(draw(st.lists(LANGUAGE_CODES, max_size=2))),
        cost_usd=draw(st.sampled_from([0, 400, 1200, 1500, 3000])),
        spread_need=draw(st.sampled_from([1.0, 1.0, 0.75, 0.3, 0.0])),
        fills_cover_gap=draw(flag),
        has_continuity_plan=draw(flag),
        supervision_provided=draw(st.integers(0, 3)) > 0,
        accepted_training_levels=frozenset(
            draw(st.lists(st.sampled_from(list(vocabulary.TRAINING_LEVEL_KEYS)), max_size=2))
            if draw(st.integers(0, 3)) == 0
            else ()
        ),
    )


def test_ties_and_every_factor_keep_the_engines_order():
    """Hand-picked pairs that hit each branch (secondary specialty, basic language, region,
    partial dates, leaning on adventure, no motivations) and equal totals (ties by id)."""
    offer = builders.trip(country="NI", open_places=((builders.PEDIATRICS, 2), (builders.SURGERY, 1)))
    people = [
        builders.volunteer(id=9),
        builders.volunteer(id=3),  # the same as 9: a tie, ordered by id
        builders.volunteer(id=4, primary_specialty_id=builders.SURGERY, specialty_ids=frozenset({1, 2})),
        builders.volunteer(id=5, specialty_ids=frozenset({builders.SURGERY}), primary_specialty_id=builders.FAMILY),
        builders.volunteer(id=6, languages=(LanguageSkill("es", vocabulary.BASIC),)),
        builders.volunteer(id=7, preferred_regions=frozenset({"central_america"})),
        builders.volunteer(id=8, preferred_countries=frozenset({"NI"})),
        builders.volunteer(id=10, motivation_weights=((vocabulary.ADVENTURE, 3),)),
        builders.volunteer(id=11, motivation_weights=()),
        builders.volunteer(id=12, availability=(DateWindow(date(2027, 3, 10), date(2027, 3, 20)),)),
    ]
    order = rank_applicants_of_trips([(offer, people)], today=TODAY)[offer.id]
    assert order == rank_volunteers_lazily(offer, people, today=TODAY).volunteer_ids()
    assert order.index(3) < order.index(9)
    assert w.TRIP_SIDE_COST == w.NEUTRAL  # the trip's side never reads the budget

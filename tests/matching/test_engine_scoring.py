"""The engine with hand-built inputs: factors, hard constraints, explanations, order."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vocabulary
from matching.engine import (
    DateWindow,
    Exclusion,
    LanguageSkill,
    Match,
    evaluate,
    explanations,
    leans_on_adventure_or_skills,
    local_education_index,
    organization_quality,
    rank_trips_for_volunteer,
    rank_volunteers_for_trip,
    rank_volunteers_lazily,
    scorecard_summary,
    sustainability_index,
    volunteer_ranking,
)
from matching.engine import weights as w
from matching.explanation_text import note_text
from tests.hypothesis_profiles import examples

from .builders import FAMILY, PEDIATRICS, SURGERY, TODAY, organization, trip, volunteer, weak_organization


def said(notes):
    """Notes as the English sentences pages show."""
    return tuple(note_text(note) for note in notes)


def factor(match, key):
    return next(f for f in match.factors if f.key == key)


# --- hard constraints ---------------------------------------------------------


@pytest.mark.parametrize(
    ("offer", "person", "code"),
    [
        (trip(organization=organization(is_verified=False)), volunteer(), "organization_not_verified"),
        (trip(is_open=False), volunteer(), "trip_not_open"),
        (trip(application_deadline=date(2027, 1, 9)), volunteer(), "deadline_passed"),
        (trip(open_places=((PEDIATRICS, 0),)), volunteer(), "no_places_for_specialty"),
        (trip(open_places=((SURGERY, 3),)), volunteer(), "no_places_for_specialty"),
        (trip(), volunteer(availability=(DateWindow(date(2027, 5, 1), date(2027, 6, 1)),)), "no_date_overlap"),
        (trip(), volunteer(availability=()), "no_date_overlap"),
        (
            trip(accepted_training_levels=frozenset({vocabulary.ATTENDING})),
            volunteer(training_level=vocabulary.RESIDENT),
            "outside_scope_of_practice",
        ),
        (trip(supervision_provided=False), volunteer(training_level=vocabulary.STUDENT), "outside_scope_of_practice"),
    ],
)
def test_each_hard_constraint_excludes(offer, person, code):
    result = evaluate(person, offer, today=TODAY)
    assert isinstance(result, Exclusion)
    assert code in result.codes
    assert len(result.reasons) == len(result.codes) and all(result.reasons)
    assert rank_trips_for_volunteer(person, [offer], today=TODAY) == []


def test_the_deadline_day_itself_is_still_open():
    assert isinstance(evaluate(volunteer(), trip(application_deadline=TODAY), today=TODAY), Match)


def test_a_supervised_resident_may_go():
    assert isinstance(evaluate(volunteer(training_level=vocabulary.RESIDENT), trip(), today=TODAY), Match)


def test_every_failed_constraint_is_named():
    result = evaluate(volunteer(), trip(is_open=False, organization=organization(is_verified=False)), today=TODAY)
    assert set(result.codes) == {"trip_not_open", "organization_not_verified"}


# --- factors ------------------------------------------------------------------


def test_weights_sum_to_one_hundred_and_total_is_their_sum():
    match = evaluate(volunteer(), trip(), today=TODAY)
    assert sum(f.weight for f in match.factors) == 100
    assert match.total == round(sum(f.contribution for f in match.factors), 1)
    assert 0 <= match.total <= 100


def test_motivation_fit_follows_the_volunteers_weights():
    teacher = volunteer(motivation_weights=((vocabulary.TEACHING, 3),))
    teaches = trip()
    no_teaching = trip(
        organization=organization(trains_local_staff=False, has_local_curriculum=False, mentors_local_clinicians=False)
    )
    assert factor(evaluate(teacher, teaches, today=TODAY), "motivation_fit").score == pytest.approx(1.0)
    assert factor(evaluate(teacher, no_teaching, today=TODAY), "motivation_fit").score == pytest.approx(0.0)
    # Someone who only cares about faith is indifferent to teaching evidence.
    believer = volunteer(motivation_weights=((vocabulary.FAITH, 3),))
    assert factor(evaluate(believer, no_teaching, today=TODAY), "motivation_fit").score == 0.0
    faith_org = trip(organization=organization(is_faith_based=True))
    assert factor(evaluate(believer, faith_org, today=TODAY), "motivation_fit").score == 1.0


def test_no_stated_motivation_is_neutral():
    match = evaluate(volunteer(motivation_weights=()), trip(), today=TODAY)
    assert factor(match, "motivation_fit").score == w.NEUTRAL


def test_teaching_aimed_at_volunteers_counts_less_for_a_teacher():
    teacher = volunteer(motivation_weights=((vocabulary.TEACHING, 3),))
    local = evaluate(teacher, trip(), today=TODAY)
    visitors = evaluate(
        teacher, trip(organization=organization(education_audience=vocabulary.EDUCATION_VOLUNTEERS)), today=TODAY
    )
    assert factor(visitors, "motivation_fit").score < factor(local, "motivation_fit").score
    assert "Teaching is aimed at visiting volunteers, not at local staff" in said(visitors.watch_outs)


def test_organization_quality_is_the_mean_of_the_indices():
    match = evaluate(volunteer(), trip(organization=weak_organization()), today=TODAY)
    assert factor(match, "organization_quality").score == pytest.approx(
        (match.sustainability_index + match.local_education_index) / 200
    )


def test_primary_specialty_scores_above_a_secondary_one():
    both = volunteer(specialty_ids=frozenset({PEDIATRICS, FAMILY}), primary_specialty_id=FAMILY)
    secondary_only = evaluate(both, trip(), today=TODAY)
    primary = evaluate(both, trip(open_places=((FAMILY, 1),)), today=TODAY)
    assert factor(primary, "specialty").score == w.SPECIALTY_PRIMARY
    assert factor(secondary_only, "specialty").score == w.SPECIALTY_SECONDARY
    assert primary.specialty_ids == (FAMILY,)


@pytest.mark.parametrize(
    ("languages", "trip_languages", "expected"),
    [
        ((LanguageSkill("es", 3),), frozenset({"es"}), 1.0),
        ((LanguageSkill("es", 2),), frozenset({"es"}), 1.0),
        ((LanguageSkill("es", 1),), frozenset({"es"}), w.LANGUAGE_BASIC),
        ((LanguageSkill("en", 3),), frozenset({"es"}), 0.0),
        ((LanguageSkill("en", 3),), frozenset(), 1.0),
    ],
)
def test_language_factor(languages, trip_languages, expected):
    match = evaluate(volunteer(languages=languages), trip(languages=trip_languages), today=TODAY)
    assert factor(match, "language").score == expected
    if expected == 0.0:
        assert any("interpreter" in note for note in said(match.watch_outs))


def test_partial_date_overlap_scores_the_covered_share_and_warns():
    # Trip runs 1-14 March; availability covers 8-14 March: 7 of 14 days.
    partial = volunteer(availability=(DateWindow(date(2027, 3, 8), date(2027, 4, 30)),))
    match = evaluate(partial, trip(), today=TODAY)
    assert factor(match, "dates").score == pytest.approx(0.5)
    assert "Your availability covers 50% of the trip's days" in said(match.watch_outs)


def test_overlapping_windows_are_not_double_counted():
    windows = (DateWindow(date(2027, 3, 1), date(2027, 3, 10)), DateWindow(date(2027, 3, 5), date(2027, 3, 14)))
    assert factor(evaluate(volunteer(availability=windows), trip(), today=TODAY), "dates").score == 1.0


@pytest.mark.parametrize(
    ("countries", "regions", "expected"),
    [
        (frozenset({"NI"}), frozenset(), w.REGION_COUNTRY),
        (frozenset(), frozenset({"central_america"}), w.REGION_REGION),
        (frozenset(), frozenset(), w.NEUTRAL),
        (frozenset({"KE"}), frozenset({"east_africa"}), 0.0),
    ],
)
def test_region_factor(countries, regions, expected):
    match = evaluate(volunteer(preferred_countries=countries, preferred_regions=regions), trip(), today=TODAY)
    assert factor(match, "region").score == expected


@pytest.mark.parametrize(("budget", "expected"), [(None, w.NEUTRAL), (1200, 1.0), (5000, 1.0), (1000, 0.0)])
def test_cost_factor(budget, expected):
    match = evaluate(volunteer(max_budget_usd=budget), trip(cost_usd=1200), today=TODAY)
    assert factor(match, "cost").score == expected
    if expected == 0.0:
        assert "Costs $200 more than your budget" in said(match.watch_outs)


# --- explanations ----------------------------------------------------------------


def test_reasons_speak_plainly_to_the_volunteer():
    person = volunteer(motivation_weights=((vocabulary.CONTINUITY, 3), (vocabulary.TEACHING, 2)))
    match = evaluate(person, trip(), today=TODAY)
    assert said(match.reasons)[0] == "Runs a year-round clinic in Jinotega — your patients are followed up"
    assert "Trains local health workers; you want to teach" in said(match.reasons)
    assert "Needs your specialty: Pediatrics (2 left)" in said(match.reasons)
    assert "Within your budget ($1,200 of $2,000)" in said(match.reasons)
    assert said(match.watch_outs) == ()


def test_reasons_only_mention_motivations_the_volunteer_holds():
    match = evaluate(volunteer(motivation_weights=((vocabulary.FAITH, 3),)), trip(), today=TODAY)
    assert not any("teach" in reason for reason in said(match.reasons))


def test_ethics_watch_outs_for_a_weak_organization():
    match = evaluate(volunteer(), trip(organization=weak_organization(), has_continuity_plan=False), today=TODAY)
    assert set(said(match.watch_outs)) >= {
        "No plan for following up patients after the volunteers leave",
        "No local partner organization is named",
        "No safety and security protocol",
        "Does not publish where volunteer fees go",
    }


def test_a_trips_own_continuity_plan_answers_the_follow_up_watch_out():
    org = weak_organization()
    assert "No plan for following up patients after the volunteers leave" not in said(
        evaluate(volunteer(), trip(organization=org, has_continuity_plan=True), today=TODAY).watch_outs
    )


# --- ranking ----------------------------------------------------------------------


def test_stronger_organization_ranks_first_and_ties_break_by_date_then_id():
    strong, weak = trip(id=1), trip(id=2, organization=weak_organization(id=2))
    later_twin, earlier_twin = trip(id=5, start=date(2027, 3, 2), end=date(2027, 3, 14)), trip(id=6)
    ranked = rank_trips_for_volunteer(volunteer(), [weak, strong], today=TODAY)
    assert [m.trip_id for m in ranked] == [1, 2]
    twins = [trip(id=7), trip(id=3)]
    assert [m.trip_id for m in rank_trips_for_volunteer(volunteer(), twins, today=TODAY)] == [3, 7]
    # Equal scores: the earlier trip first, whatever its id.
    assert [m.trip_id for m in rank_trips_for_volunteer(volunteer(), [later_twin, earlier_twin], today=TODAY)] == [6, 5]


def test_limit_and_determinism():
    offers = [trip(id=i, cost_usd=100 * i) for i in range(1, 30)]
    first = rank_trips_for_volunteer(volunteer(), offers, today=TODAY, limit=5)
    again = rank_trips_for_volunteer(volunteer(), list(reversed(offers)), today=TODAY, limit=5)
    assert first == again and len(first) == 5


def test_reverse_ranking_explains_from_the_trips_side():
    fluent = volunteer(id=1, motivation_weights=((vocabulary.TEACHING, 3),))
    no_spanish = volunteer(id=2, languages=(LanguageSkill("en", 3),))
    unavailable = volunteer(id=3, availability=(DateWindow(date(2028, 1, 1), date(2028, 2, 1)),))
    ranked = rank_volunteers_for_trip(trip(), [no_spanish, unavailable, fluent], today=TODAY)
    assert [m.volunteer_id for m in ranked] == [1, 2]
    reasons = said(ranked[0].reasons)
    assert "Practises Pediatrics, which the trip needs (2 places left)" in reasons
    assert "Fluent in Spanish" in reasons
    assert "Available for every day of the trip" in reasons
    assert "Wants to teach — this trip trains local staff" in reasons


def _all_text(match):
    return " | ".join(said(match.reasons) + said(match.watch_outs))


def test_reverse_ranking_watch_outs_are_written_for_the_organization():
    # Trip runs 1-14 March; availability covers 6-14 March: 9 of 14 days = 64%.
    partial_no_spanish = volunteer(
        id=1,
        languages=(LanguageSkill("en", 3),),
        availability=(DateWindow(date(2027, 3, 6), date(2027, 4, 30)),),
        max_budget_usd=500,  # the trip costs 1,200: far over this private budget
    )
    basic_spanish = volunteer(id=2, languages=(LanguageSkill("es", vocabulary.BASIC),))
    resident = volunteer(id=3, training_level=vocabulary.RESIDENT)
    offer = trip(languages=frozenset({"es", "qu"}))
    ranked = {
        m.volunteer_id: m
        for m in rank_volunteers_for_trip(offer, [partial_no_spanish, basic_spanish, resident], today=TODAY)
    }
    assert said(ranked[1].watch_outs) == (
        "Available for 64% of the trip's days",
        "Speaks no Quechua or Spanish; an interpreter will be needed",
    )
    assert said(ranked[2].watch_outs) == ("Speaks only basic Spanish; an interpreter will be needed",)
    assert said(ranked[3].watch_outs) == ("A resident: works only under the supervision the trip provides",)
    for match in ranked.values():
        text = _all_text(match).lower()
        assert "budget" not in text and "$" not in text and "cost" not in text
        assert "your" not in text and "you " not in text


def test_reverse_ranking_does_not_repeat_the_organizations_ethics_watch_outs():
    weak_trip = trip(organization=weak_organization(), has_continuity_plan=False)
    person = volunteer()
    as_physician = evaluate(person, weak_trip, today=TODAY)
    assert "No local partner organization is named" in said(as_physician.watch_outs)
    (as_organization,) = rank_volunteers_for_trip(weak_trip, [person], today=TODAY)
    assert said(as_organization.watch_outs) == ()


def test_reverse_ranking_neither_shows_nor_ranks_by_the_physicians_budget():
    frugal = volunteer(id=1, max_budget_usd=100)
    generous = volunteer(id=2, max_budget_usd=100_000)
    unstated = volunteer(id=3, max_budget_usd=None)
    ranked = rank_volunteers_for_trip(trip(cost_usd=1200), [generous, unstated, frugal], today=TODAY)
    assert [m.volunteer_id for m in ranked] == [1, 2, 3]  # equal scores: ties by id, budget ignored
    assert len({m.total for m in ranked}) == 1
    assert {factor(m, "cost").score for m in ranked} == {w.TRIP_SIDE_COST}
    # The physician's own view still scores and explains the budget.
    assert "Costs $1,100 more than your budget" in said(evaluate(frugal, trip(cost_usd=1200), today=TODAY).watch_outs)


def test_reverse_ranking_explains_only_what_is_read(monkeypatch):
    people = [volunteer(id=i) for i in range(1, 30)]
    calls = []
    original = volunteer_ranking._explain

    def counting(prepared, a, side):
        calls.append(side)
        return original(prepared, a, side)

    monkeypatch.setattr(volunteer_ranking, "_explain", counting)
    ranked = rank_volunteers_lazily(trip(), people, today=TODAY)
    assert len(ranked) == 29 and calls == []
    page = ranked[20:25]
    assert [m.volunteer_id for m in page] == [21, 22, 23, 24, 25]
    assert calls == ["trip"] * 5
    assert ranked.volunteer_ids() == list(range(1, 30))


# --- indices ------------------------------------------------------------------------


def test_indices_reward_strong_evidence():
    assert sustainability_index(organization()) == 100
    assert local_education_index(organization()) == 100
    assert sustainability_index(weak_organization()) == 0
    assert local_education_index(weak_organization()) == 0


def test_outcomes_blend_into_the_sustainability_index():
    declared = organization()
    disappointing = organization(follow_up_confirmed_rate=0.0, local_staff_involved_rate=0.0, review_count=4)
    assert sustainability_index(disappointing) == round(100 * (1 - w.OUTCOME_BLEND))
    assert sustainability_index(disappointing) < sustainability_index(declared)


@settings(max_examples=examples(200), deadline=None)
@given(
    flags=st.lists(st.booleans(), min_size=16, max_size=16),
    staff=st.integers(0, 10_000),
    years=st.integers(0, 200),
    share=st.one_of(st.none(), st.integers(0, 100)),
    frequency=st.sampled_from(list(vocabulary.TRAINING_FREQUENCY_KEYS)),
    audience=st.sampled_from(list(vocabulary.EDUCATION_AUDIENCE_KEYS)),
    rate=st.one_of(st.none(), st.floats(0, 1)),
)
def test_indices_stay_within_0_and_100(flags, staff, years, share, frequency, audience, rate):
    names = [
        "is_faith_based",
        "runs_year_round_facility",
        "has_follow_up_plan",
        "hands_records_to_local_providers",
        "needs_assessment_with_local_leaders",
        "publishes_fee_breakdown",
        "trains_local_staff",
        "has_local_curriculum",
        "mentors_local_clinicians",
        "offers_cultural_orientation",
        "has_safety_protocol",
        "offers_self_care_support",
        "offers_predeparture_briefing",
        "provides_evacuation_insurance",
        "is_verified",
    ]
    org = organization(
        **dict(zip(names, flags[: len(names)], strict=True)),
        local_partner_names=("P",) if flags[15] else (),
        local_staff_employed=staff,
        years_active_in_community=years,
        share_of_fees_to_local_care=share,
        local_training_frequency=frequency,
        education_audience=audience,
        follow_up_confirmed_rate=rate,
    )
    assert 0 <= sustainability_index(org) <= 100
    assert 0 <= local_education_index(org) <= 100
    match = evaluate(volunteer(), trip(organization=org), today=TODAY)
    if isinstance(match, Match):
        assert 0 <= match.total <= 100


# --- ethics scorecard -------------------------------------------------------------------


def test_scorecard_judgements_move_organization_quality():
    declared = organization()
    all_met = organization(scorecard=tuple((k, vocabulary.MET) for k in vocabulary.SCORECARD_ITEM_KEYS))
    all_failed = organization(scorecard=tuple((k, vocabulary.NOT_MET) for k in vocabulary.SCORECARD_ITEM_KEYS))
    unknown = organization(scorecard=tuple((k, vocabulary.UNKNOWN) for k in vocabulary.SCORECARD_ITEM_KEYS))
    assert organization_quality(unknown) == organization_quality(declared)
    # Fully judged, verified items outweigh what was declared.
    assert organization_quality(all_failed) == pytest.approx((1 - w.SCORECARD_BLEND) * organization_quality(declared))
    assert organization_quality(all_met) == pytest.approx(organization_quality(declared))
    weak_but_verified = weak_organization(scorecard=tuple((k, vocabulary.MET) for k in vocabulary.SCORECARD_ITEM_KEYS))
    assert organization_quality(weak_but_verified) == pytest.approx(w.SCORECARD_BLEND)


def test_a_partly_judged_scorecard_counts_in_proportion():
    half = organization(scorecard=tuple((k, vocabulary.PARTLY) for k in vocabulary.SCORECARD_ITEM_KEYS[:6]))
    assert scorecard_summary(half) == (50.0, 0.5)


def test_scorecard_changes_the_ranking_and_explains_itself():
    failed = organization(
        id=2, scorecard=(("continuity_of_care", vocabulary.NOT_MET), ("named_host_partner", vocabulary.NOT_MET))
    )
    confirmed = organization(id=3, scorecard=tuple((k, vocabulary.MET) for k in vocabulary.SCORECARD_ITEM_KEYS[:4]))
    ranked = rank_trips_for_volunteer(
        volunteer(), [trip(id=1, organization=failed), trip(id=2, organization=confirmed)], today=TODAY
    )
    assert [m.trip_id for m in ranked] == [2, 1]
    assert "Our vetting found this not met: patients are handed to local providers for follow-up" in said(
        ranked[1].watch_outs
    )
    assert "Our vetting team confirmed 4 of 12 ethics checks" in said(ranked[0].reasons)


# --- motivation honesty ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "leaning"),
    [
        (((vocabulary.ADVENTURE, 3),), True),
        (((vocabulary.GROWTH, 3), (vocabulary.TEACHING, 1)), True),
        (((vocabulary.ADVENTURE, 2), (vocabulary.GROWTH, 2), (vocabulary.CONTINUITY, 3)), True),
        (((vocabulary.ADVENTURE, 3), (vocabulary.TEACHING, 3)), False),
        (((vocabulary.ADVENTURE, 1), (vocabulary.TEACHING, 3)), False),
        ((), False),
    ],
)
def test_leaning_on_adventure_or_skills(weights, leaning):
    assert leans_on_adventure_or_skills(volunteer(motivation_weights=weights)) is leaning


def test_supervision_and_local_led_care_weigh_more_for_adventurers():
    adventurer = volunteer(motivation_weights=((vocabulary.ADVENTURE, 3),))
    supervised = trip(id=1, supervision_provided=True)
    unsupervised = trip(
        id=2,
        supervision_provided=False,
        has_continuity_plan=False,
        organization=organization(trains_local_staff=False, has_follow_up_plan=False),
    )
    gap_for_adventurer = (
        factor(evaluate(adventurer, supervised, today=TODAY), "motivation_fit").score
        - factor(evaluate(adventurer, unsupervised, today=TODAY), "motivation_fit").score
    )
    # Safeguard weight 2 on top of adventure 3: supervision and local-led care make 2/5 of the fit.
    assert gap_for_adventurer == pytest.approx(w.SAFEGUARD_WEIGHT / (3 + w.SAFEGUARD_WEIGHT))
    ranked = rank_trips_for_volunteer(adventurer, [unsupervised, supervised], today=TODAY)
    assert ranked[0].trip_id == 1


def test_a_host_dispute_raises_a_watch_out_and_a_confirmation_a_reason():
    disputed = organization(host_disputed=("follow_up_plan",), host_confirmed=("community_needs",))
    match = evaluate(volunteer(), trip(organization=disputed), today=TODAY)
    assert "The host partner disputes that patients are followed up by local staff after the volunteers leave" in said(
        match.watch_outs
    )
    assert "The host partner confirmed 1 of 3 claims in their own words" in said(match.reasons)


# --- explanations say what is true (issue 15) -------------------------------------


def test_a_preferred_country_is_named_as_a_country():
    match = evaluate(volunteer(preferred_countries=frozenset({"NI"})), trip(), today=TODAY)
    assert "In a country you prefer" in said(match.reasons)
    assert "In a region you prefer" not in said(match.reasons)


def test_a_country_reached_only_through_a_region_is_named_as_a_region():
    match = evaluate(volunteer(preferred_regions=frozenset({"central_america"})), trip(), today=TODAY)
    assert "In a region you prefer" in said(match.reasons)
    assert not any("country you" in reason for reason in said(match.reasons))


def test_no_place_reason_without_a_place_preference():
    match = evaluate(volunteer(), trip(), today=TODAY)
    assert not any("you prefer" in reason for reason in said(match.reasons))


@pytest.mark.parametrize(("years", "text"), [(1, "1 year in practice"), (2, "2 years in practice")])
def test_years_in_practice_are_counted_in_the_right_number(years, text):
    (match,) = rank_volunteers_for_trip(trip(), [volunteer(years_in_practice=years)], today=TODAY)
    assert text in said(match.reasons)


def test_no_years_in_practice_says_nothing():
    (match,) = rank_volunteers_for_trip(trip(), [volunteer(years_in_practice=0)], today=TODAY)
    assert not any("in practice" in reason for reason in said(match.reasons))


@pytest.mark.parametrize(
    ("trips", "text"), [(1, "Has been on 1 mission trip before"), (3, "Has been on 3 mission trips before")]
)
def test_prior_mission_trips_are_counted_in_the_right_number(trips, text):
    (match,) = rank_volunteers_for_trip(trip(), [volunteer(prior_mission_trips=trips)], today=TODAY)
    assert text in said(match.reasons)


@pytest.mark.parametrize(
    ("years", "text"),
    [(1, "Has worked in this community for 1 year"), (12, "Has worked in this community for 12 years")],
)
def test_years_active_are_counted_in_the_right_number(years, text):
    assert (
        note_text(
            explanations.evidence_reason(
                "years_active", volunteer(), trip(organization=organization(years_active_in_community=years)), None
            )
        )
        == text
    )


@pytest.mark.parametrize(
    ("languages", "text"),
    [
        (frozenset({"es"}), "You do not speak Spanish: you would need an interpreter"),
        (frozenset({"es", "qu"}), "You do not speak Quechua or Spanish: you would need an interpreter"),
        (frozenset({"es", "qu", "am"}), "You do not speak Amharic, Quechua or Spanish: you would need an interpreter"),
    ],
)
def test_the_language_watch_out_names_the_languages_joined_with_or(languages, text):
    match = evaluate(volunteer(languages=(LanguageSkill("en", 3),)), trip(languages=languages), today=TODAY)
    assert text in said(match.watch_outs)

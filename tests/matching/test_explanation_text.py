"""The engine's notes and their renderer: one entry per code, every placeholder filled by the
parameters the engine gives that code, names and places escaped wherever a note is shown."""

import re
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

import vocabulary
from matching.engine import (
    DateWindow,
    Exclusion,
    FactorScore,
    LanguageSkill,
    Match,
    evaluate,
    explanations,
    organization_watch_outs,
    rank_trips_for_volunteer,
    rank_volunteers_for_trip,
)
from matching.engine.checks import evidence_checks
from matching.explanation_text import MESSAGES, either, money, note_data, note_text, parameter_names
from tests.factories import LocalPartnerFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from tests.hypothesis_profiles import examples

from .builders import FAMILY, PEDIATRICS, SURGERY, TODAY, organization, trip, volunteer, weak_organization


def notes_of(result):
    if isinstance(result, Exclusion):
        return result.reasons
    return result.reasons + result.watch_outs


def engine_notes(person, offer):
    """Every note the engine writes for a pair: the physician's view (one pair and through the
    vectorised ranking), the organization's view, and the organization alone."""
    notes = list(notes_of(evaluate(person, offer, today=TODAY)))
    for match in rank_trips_for_volunteer(person, [offer], today=TODAY):
        notes.extend(notes_of(match))
    for match in rank_volunteers_for_trip(offer, [person], today=TODAY):
        notes.extend(notes_of(match))
    notes.extend(organization_watch_outs(offer.organization, has_continuity_plan=offer.has_continuity_plan))
    return notes


def satisfied_checks(person, offer):
    return sorted(check for check, value in evidence_checks(person, offer).items() if value > 0)


def assert_renders(note):
    assert set(note.values) == parameter_names(note.code), note
    text = note_text(note)
    assert text and "%(" not in text and "None" not in text, (note, text)


# Pairs chosen so that, together, they reach every code.
VARIED_PAIRS = [
    (volunteer(), trip()),
    (volunteer(motivation_weights=((vocabulary.CONTINUITY, 3), (vocabulary.TEACHING, 2))), trip()),
    (volunteer(motivation_weights=((vocabulary.GROWTH, 3),)), trip()),
    (volunteer(motivation_weights=((vocabulary.FAITH, 3),)), trip(organization=organization(is_faith_based=True))),
    (
        volunteer(
            motivation_weights=((vocabulary.UNDERSERVED, 3), (vocabulary.IMMERSION, 3)),
            preferred_countries=frozenset({"NI"}),
        ),
        trip(organization=organization(share_of_fees_to_local_care=None)),
    ),
    (
        volunteer(motivation_weights=((vocabulary.RENEWAL, 3),), preferred_regions=frozenset({"central_america"})),
        trip(),
    ),
    (volunteer(motivation_weights=((vocabulary.ADVENTURE, 3),), languages=(LanguageSkill("es", 2),)), trip()),
    (
        volunteer(
            languages=(LanguageSkill("es", vocabulary.BASIC),),
            max_budget_usd=500,
            training_level=vocabulary.RESIDENT,
            prior_mission_trips=2,
            availability=(DateWindow(date(2027, 3, 6), date(2027, 4, 30)),),
        ),
        trip(
            organization=weak_organization(
                education_audience=vocabulary.EDUCATION_VOLUNTEERS,
                host_disputed=("follow_up_plan",),
                host_confirmed=("community_needs",),
                scorecard=(("continuity_of_care", vocabulary.NOT_MET), ("named_host_partner", vocabulary.MET)),
            ),
            has_continuity_plan=False,
        ),
    ),
    (
        volunteer(languages=(LanguageSkill("en", 3),), training_level=vocabulary.STUDENT),
        trip(languages=frozenset({"es", "qu", "am"})),
    ),
    (volunteer(specialty_ids=frozenset({FAMILY}), primary_specialty_id=FAMILY), trip(open_places=((FAMILY, 1),))),
    (
        volunteer(motivation_weights=((vocabulary.CONTINUITY, 3),)),
        trip(
            organization=organization(years_active_in_community=None, local_staff_employed=None),
            fills_cover_gap=True,
            spread_need=0.25,
        ),
    ),
] + [
    (person, trip(**offer))
    for person, offer in (
        (volunteer(), {"organization": organization(is_verified=False), "is_open": False}),
        (volunteer(), {"application_deadline": date(2027, 1, 9), "open_places": ((SURGERY, 1),)}),
        (volunteer(availability=()), {"accepted_training_levels": frozenset({vocabulary.RESIDENT})}),
        (volunteer(max_budget_usd=500, never_over_budget=True), {"cost_usd": 1200}),
        (
            volunteer(training_level=vocabulary.STUDENT, licence_status=vocabulary.LICENCE_NONE),
            {"supervision_provided": False, "accepted_training_levels": frozenset({vocabulary.ATTENDING})},
        ),
    )
]


def test_every_code_has_a_message_and_every_message_a_code():
    assert set(MESSAGES) == explanations.CODES


def test_the_api_docs_list_every_code():
    documented = set(re.findall(r"`([a-z_]+)`", (django_settings.BASE_DIR / "docs" / "api.md").read_text()))
    assert explanations.CODES <= documented


def test_varied_pairs_reach_every_code_and_each_note_fills_its_message():
    reached = set()
    for person, offer in VARIED_PAIRS:
        for note in engine_notes(person, offer):
            assert_renders(note)
            reached.add(note.code)
        # Evidence reasons the ranking may leave out (it shows the strongest few).
        for check in satisfied_checks(person, offer):
            note = explanations.evidence_reason(check, person, offer, "es")
            if note is None:  # a count not stated claims nothing
                continue
            assert_renders(note)
            reached.add(note.code)
    assert reached == explanations.CODES


@settings(max_examples=examples(60), deadline=None)
@given(
    org=st.builds(
        organization,
        is_faith_based=st.booleans(),
        runs_year_round_facility=st.booleans(),
        has_follow_up_plan=st.booleans(),
        local_partner_names=st.sampled_from(((), ("Casa <Salud> & Co",))),
        publishes_fee_breakdown=st.booleans(),
        share_of_fees_to_local_care=st.sampled_from((None, 0, 55, 100)),
        trains_local_staff=st.booleans(),
        mentors_local_clinicians=st.booleans(),
        education_audience=st.sampled_from(vocabulary.EDUCATION_AUDIENCE_KEYS),
        has_safety_protocol=st.booleans(),
        years_active_in_community=st.integers(0, 2000),
        host_confirmed=st.sets(st.sampled_from(vocabulary.HOST_CLAIM_KEYS)).map(tuple),
        host_disputed=st.sets(st.sampled_from(vocabulary.HOST_CLAIM_KEYS)).map(tuple),
        scorecard=st.lists(
            st.tuples(
                st.sampled_from(vocabulary.SCORECARD_ITEM_KEYS), st.sampled_from(vocabulary.SCORECARD_STATUS_KEYS)
            ),
            unique_by=lambda pair: pair[0],
        ).map(tuple),
    ),
    weights=st.lists(
        st.tuples(st.sampled_from(vocabulary.MOTIVATION_KEYS), st.integers(0, 3)), unique_by=lambda pair: pair[0]
    ).map(tuple),
    languages=st.lists(
        st.builds(LanguageSkill, st.sampled_from(("en", "es", "qu", "fr")), st.integers(1, 3)), max_size=3
    ).map(tuple),
    trip_languages=st.frozensets(st.sampled_from(("es", "qu", "fr", "ht"))),
    level=st.sampled_from(vocabulary.TRAINING_LEVEL_KEYS),
    budget=st.sampled_from((None, 0, 1199, 1200, 100_000)),
    first_day=st.integers(1, 20),
    years=st.integers(0, 60),
    trips=st.integers(0, 1500),
)
def test_every_note_the_engine_writes_fills_its_message(
    org, weights, languages, trip_languages, level, budget, first_day, years, trips
):
    person = volunteer(
        motivation_weights=weights,
        languages=languages,
        training_level=level,
        max_budget_usd=budget,
        availability=(DateWindow(date(2027, 3, first_day), date(2027, 4, 30)),),
        years_in_practice=years,
        prior_mission_trips=trips,
    )
    offer = trip(organization=org, languages=trip_languages, open_places=((PEDIATRICS, 1), (FAMILY, 3)))
    for note in engine_notes(person, offer):
        assert_renders(note)


def test_the_english_sentences_read_as_before():
    assert money(1200) == "$1,200"
    assert either(["Aymara", "Quechua", "Spanish"]) == "Aymara, Quechua or Spanish"
    (match,) = rank_volunteers_for_trip(trip(), [volunteer(prior_mission_trips=1)], today=TODAY)
    assert note_text(match.reasons[0]) == "Practises Pediatrics, which the trip needs (2 places left)"
    assert "Has been on 1 mission trip before" in [note_text(n) for n in match.reasons]
    one_left = evaluate(volunteer(), trip(open_places=((PEDIATRICS, 1),)), today=TODAY)
    assert "Needs your specialty: Pediatrics (1 left)" in [note_text(n) for n in one_left.reasons]


def test_equally_strong_evidence_reads_in_the_order_the_english_sorts():
    # The fixed tie order keeps the reasons the pages have always shown, in that order.
    growth = volunteer(motivation_weights=((vocabulary.GROWTH, 3),))
    faith = trip(organization=organization(is_faith_based=True))
    unstated_share = trip(organization=organization(is_faith_based=True, share_of_fees_to_local_care=None))
    for person, offer in ((growth, faith), (volunteer(), unstated_share)):
        notes = sorted(
            (explanations.evidence_reason(check, person, offer, "es") for check in satisfied_checks(person, offer)),
            key=lambda one: explanations.EVIDENCE_TIE_ORDER[one.code],
        )
        texts = [note_text(one) for one in notes]
        # All but two (and the cover gap: these trips fill none).
        assert len(texts) == len(explanations.EVIDENCE_TIE_ORDER) - 3 and texts == sorted(texts)


def test_money_and_shares_follow_the_language():
    note = explanations.note(explanations.WITHIN_BUDGET, cost=1200, budget=2000)
    with translation.override("fr"):
        assert note_text(note) == "Dans les limites de votre budget (1\u202f200\xa0$US sur 2\u202f000\xa0$US)"
    with translation.override("es"):
        assert "1200\xa0US$" in note_text(note) or "1.200\xa0US$" in note_text(note)
    assert note_text(note) == "Within your budget ($1,200 of $2,000)"
    share = explanations.note(explanations.PARTLY_AVAILABLE, share=23 / 40)
    assert note_text(share) == "Your availability covers 57% of the trip's days"  # as round() gives


def test_the_api_shape_of_a_note():
    note = explanations.note(explanations.NO_TRIP_LANGUAGE, languages=("es", "qu"))
    assert note_data(note) == {
        "code": "no_trip_language",
        "params": {"languages": ["es", "qu"]},
        "text": "You do not speak Quechua or Spanish: you would need an interpreter",
    }


def test_html_in_a_place_or_partner_name_is_escaped_in_the_explanation():
    offer = trip(place="<b>Jinotega</b>", organization=organization(local_partner_names=("<i>Casa & Co</i>",)))
    person = volunteer(motivation_weights=((vocabulary.CONTINUITY, 3), (vocabulary.UNDERSERVED, 3)))
    match = evaluate(person, offer, today=TODAY)
    assert {n.code for n in match.reasons} >= {explanations.YEAR_ROUND_CLINIC, explanations.LOCAL_PARTNER}
    body = render_to_string("matching/includes/match_explanation.html", {"match": match})
    assert "<b>" not in body and "<i>" not in body
    assert "Runs a year-round clinic in &lt;b&gt;Jinotega&lt;/b&gt;" in body
    assert "Works through a local partner: &lt;i&gt;Casa &amp; Co&lt;/i&gt;" in body


@pytest.mark.django_db
def test_html_in_a_place_name_is_escaped_on_the_matches_page_and_plain_in_the_api(client):
    organization_row = OrganizationFactory(verified=True, strong_evidence=True)
    LocalPartnerFactory(organization=organization_row, name="<script>partner()</script>")
    TripFactory(open=True, organization=organization_row, place="<script>alert(1)</script>")
    physician = PhysicianProfileFactory(motivations={"continuity": 3, "underserved": 3})
    client.force_login(physician.user)
    body = client.get(reverse("matching:mine")).content.decode()
    assert "<script>alert(1)</script>" not in body and "<script>partner()" not in body
    assert "Runs a year-round clinic in &lt;script&gt;alert(1)&lt;/script&gt;" in body
    (row,) = client.get("/api/v1/matches/").json()["results"]
    clinic = next(n for n in row["match"]["reasons"] if n["code"] == "year_round_clinic")
    assert clinic["params"] == {"place": "<script>alert(1)</script>"}
    assert clinic["text"] == "Runs a year-round clinic in <script>alert(1)</script> — your patients are followed up"


def test_a_factor_key_is_named_at_the_edge():
    factors = (FactorScore(key="dates", weight=10, score=1.0, contribution=10.0),)
    body = render_to_string(
        "matching/includes/match_explanation.html",
        {"match": Match(trip_id=1, volunteer_id=1, total=10.0, factors=factors)},
    )
    assert re.search(r'<span class="factor-label">Dates</span>', body)

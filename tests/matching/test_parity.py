"""The two ways we build the engine's input must agree: the trip page builds it from model
instances (`organization_evidence`), My matches and the API from raw rows
(`trip_offers_from_rows`, the trip-feature store's). Same physician and trip, same verdict."""

import pytest

import vocabulary
from matching.explanation_text import notes_text
from matching.selectors import (
    match_for_physician_and_trip,
    matches_for_physician,
    physician_with_related,
    volunteer_profile,
)
from tests.factories import PhysicianProfileFactory, TripFactory
from trips.selectors import trip_detail

pytestmark = pytest.mark.django_db


def test_trip_page_and_my_matches_give_the_same_verdict(client, organizations):
    strong, weak, visitors = organizations
    physician = PhysicianProfileFactory(
        motivations={
            vocabulary.TEACHING: 3,
            vocabulary.CONTINUITY: 2,
            vocabulary.UNDERSERVED: 3,
            vocabulary.IMMERSION: 1,
        },
        languages={"es": 3},
        max_budget_usd=1500,
    )
    trips = [
        TripFactory(open=True, organization=strong, languages=["es"], cost_usd=900),
        TripFactory(
            open=True, organization=strong, languages=["fr"], cost_usd=2400, continuity_plan="Clinic follow-up"
        ),
        TripFactory(open=True, organization=weak, cost_usd=1200),
        TripFactory(open=True, organization=weak, languages=["es", "qu"], supervision_provided=True),
        TripFactory(open=True, organization=visitors, languages=["es"], cost_usd=3000),
    ]
    loaded = physician_with_related(pk=physician.pk)
    listed = {item.trip.pk: item.match for item in matches_for_physician(physician=loaded)}
    assert set(listed) == {trip.pk for trip in trips}
    for trip in trips:
        on_trip_page = match_for_physician_and_trip(profile=volunteer_profile(loaded), trip=trip_detail(pk=trip.pk))
        # The whole verdict, not only the total: factors, reasons, watch-outs and indices.
        assert on_trip_page == listed[trip.pk], trip.title
    # The organizations really differ, so the comparison covers different evidence.
    assert len({listed[trip.pk].total for trip in trips}) == len(trips)
    assert len({(m.sustainability_index, m.local_education_index) for m in listed.values()}) == 3

    client.force_login(physician.user)
    api_totals = {row["id"]: row["match"]["total"] for row in client.get("/api/v1/matches/").json()["results"]}
    assert api_totals == {pk: match.total for pk, match in listed.items()}
    strong_match = listed[trips[0].pk]
    watch_outs, reasons = notes_text(strong_match.watch_outs), notes_text(strong_match.reasons)
    assert any(note.startswith("The host partner disputes") for note in watch_outs)
    assert any(note.startswith("Our vetting found this not met") for note in watch_outs)
    assert "Works through a local partner: Alpha District Hospital" in reasons

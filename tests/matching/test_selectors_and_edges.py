"""Matching against the database: the selector's query bound, the pages and the API."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import vocabulary
from applications.models import ApplicationStatus
from matching.engine import volunteer_ranking
from matching.explanation_text import notes_text
from matching.selectors import (
    matches_for_physician,
    physician_with_related,
    trip_for_matching,
)
from matching.suggestion_reads import suggested_volunteers_for_trip
from matching.trip_offer_reads import trip_offers_from_rows
from organizations.models import VettingStatus
from tests.factories import (
    ApplicationFactory,
    LocalPartnerFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
)
from trips.models import Trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return PhysicianProfileFactory(
        motivations={vocabulary.TEACHING: 3, vocabulary.CONTINUITY: 2},
        languages={"es": 3},
        licence_number="LIC-PRIVATE-1",
    )


def make_trips(count, organization, **kwargs):
    return [TripFactory(open=True, organization=organization, languages=["es"], **kwargs) for _ in range(count)]


def test_trip_offers_take_four_queries_whatever_their_number(organization, django_assert_num_queries):
    LocalPartnerFactory(organization=organization)
    make_trips(2, organization)
    # Trips (with organization and first partner), needs with languages, scorecards with host
    # verdicts, and one grouped count over reviews, reports and host feedback (the issue: at most 4).
    with django_assert_num_queries(4):
        assert len(trip_offers_from_rows(Trip.objects.public())) == 2
    make_trips(20, organization)
    make_trips(5, OrganizationFactory(verified=True, strong_evidence=True))
    with django_assert_num_queries(4):
        assert len(trip_offers_from_rows(Trip.objects.public())) == 27


def test_matches_leave_out_what_the_engine_excludes(teacher, organization):
    physician = physician_with_related(pk=teacher.pk)
    TripFactory(open=True, organization=organization, title="Fits")
    TripFactory(open=True, organization=OrganizationFactory(vetting_status=VettingStatus.PENDING), title="Unverified")
    TripFactory(organization=organization, title="Draft")
    TripFactory(open=True, organization=organization, needs={"general-surgery": 2}, title="Wrong specialty")
    far = timezone.localdate() + timedelta(days=800)
    TripFactory(open=True, organization=organization, start_date=far, title="Outside availability")
    full = TripFactory(open=True, organization=organization, needs={"family-medicine": 1}, title="Full")
    full.specialty_needs.update(places_filled=1)
    assert [m.trip.title for m in matches_for_physician(physician=physician)] == ["Fits"]


def test_matches_rank_the_sustainable_organization_first(teacher):
    weak = OrganizationFactory(verified=True)
    strong = OrganizationFactory(verified=True, strong_evidence=True)
    TripFactory(open=True, organization=weak, title="Weak trip")
    TripFactory(open=True, organization=strong, title="Strong trip")
    matches = matches_for_physician(physician=physician_with_related(pk=teacher.pk))
    assert [m.trip.title for m in matches] == ["Strong trip", "Weak trip"]
    assert "Trains local health workers; you want to teach" in notes_text(matches[0].match.reasons)
    assert "No plan for following up patients after the volunteers leave" in notes_text(matches[1].match.watch_outs)


def test_my_matches_page_shows_scores_reasons_and_watch_outs(client, teacher, organization):
    TripFactory(open=True, organization=organization, title="Children's week")
    client.force_login(teacher.user)
    body = client.get(reverse("matching:mine")).content.decode()
    assert "Children&#x27;s week" in body or "Children's week" in body
    assert "Why this fits" in body and 'class="score"' in body
    assert "Motivation fit" in body


def test_my_matches_page_queries_do_not_grow_with_trips(
    client, teacher, organization, django_assert_num_queries, settings
):
    settings.MATCHES_CACHE_SECONDS = 0  # count the candidate queries on every request
    client.force_login(teacher.user)
    client.get(reverse("matching:mine"))  # a store to bring up to date, as both requests below do
    make_trips(2, organization)
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("matching:mine"))
    make_trips(25, organization)
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert client.get(reverse("matching:mine")).status_code == 200


def test_my_matches_requires_login(client):
    response = client.get(reverse("matching:mine"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_suggested_volunteers_for_the_trips_organization_only(client, teacher, organization):
    trip = TripFactory(open=True, organization=organization)
    url = reverse("matching:suggested-volunteers", args=[trip.pk])
    member = MembershipFactory(organization=organization).user
    client.force_login(member)
    body = client.get(url).content.decode()
    assert teacher.display_name in body
    assert "LIC-PRIVATE-1" not in body
    outsider = MembershipFactory(organization=OrganizationFactory(verified=True)).user
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(teacher.user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_suggested_volunteers_ranks_and_explains(teacher, organization):
    other = PhysicianProfileFactory(languages={"en": 3})
    trip = trip_for_matching(pk=TripFactory(open=True, organization=organization, languages=["es"]).pk)
    ranked = suggested_volunteers_for_trip(trip=trip)
    assert [s.physician.pk for s in ranked] == [teacher.pk, other.pk]
    assert "Fluent in Spanish" in notes_text(ranked[0].match.reasons)


def test_suggested_volunteers_leave_out_physicians_already_in_the_inbox(teacher, organization):
    trip = TripFactory(open=True, organization=organization)
    submitted, waitlisted, accepted, withdrawn, declined = (PhysicianProfileFactory() for _ in range(5))
    for physician, status in (
        (submitted, ApplicationStatus.SUBMITTED),
        (waitlisted, ApplicationStatus.WAITLISTED),
        (accepted, ApplicationStatus.ACCEPTED),
        (withdrawn, ApplicationStatus.WITHDRAWN),
        (declined, ApplicationStatus.DECLINED),
    ):
        ApplicationFactory(physician=physician, trip=trip, status=status)
    # An active application to another trip does not hide a physician from this one.
    ApplicationFactory(physician=teacher, trip=TripFactory(open=True, organization=organization))
    suggested = {s.physician.pk for s in suggested_volunteers_for_trip(trip=trip_for_matching(pk=trip.pk))}
    # Issue 15: one who was declined or withdrew has answered this trip and is not suggested again.
    assert suggested == {teacher.pk}


def test_suggested_volunteers_explain_only_the_page_shown(organization, monkeypatch):
    for _ in range(25):
        PhysicianProfileFactory()
    trip = trip_for_matching(pk=TripFactory(open=True, organization=organization, needs={"family-medicine": 3}).pk)
    explained = []
    original = volunteer_ranking._explain
    monkeypatch.setattr(
        volunteer_ranking, "_explain", lambda prepared, a, side: explained.append(side) or original(prepared, a, side)
    )
    ranked = suggested_volunteers_for_trip(trip=trip)
    assert len(ranked) == 25 and explained == []
    page = ranked[20:40]
    assert len(page) == 5 and explained == []  # a slice is explained when first read
    assert all(item.match.reasons for item in page)
    assert explained == ["trip"] * 5


def _reads(queries):
    return [q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_suggested_volunteers_page_queries_do_not_grow_with_physicians(client, organization, django_assert_num_queries):
    """With the physician- and trip-feature stores current, the page makes 6 queries and the
    API 5 (session, user; the inbox's and the invited physicians, today's invitations and
    both stores' generations (1); the permission; the shown physicians with their
    specialties (1); the page also the navigation's roles (1)), however many physicians
    there are: the trip comes from the trip-feature store."""
    trip = TripFactory(open=True, organization=organization, languages=["es"])
    for _ in range(2):
        PhysicianProfileFactory(languages={"es": 3}, motivations={vocabulary.TEACHING: 3})
    client.force_login(MembershipFactory(organization=organization).user)
    url = reverse("matching:suggested-volunteers", args=[trip.pk])
    api = f"/api/v1/trips/{trip.pk}/suggested-volunteers/"
    assert client.get(url).status_code == 200  # builds the store
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    page_queries, page_reads = len(queries.captured_queries), len(_reads(queries))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(api).json()["count"] == 2
    api_queries, api_reads = len(queries.captured_queries), len(_reads(queries))
    assert (page_reads, api_reads) == (6, 5)
    for _ in range(30):
        PhysicianProfileFactory(languages={"es": 2}, motivations={vocabulary.CONTINUITY: 2})
    assert client.get(url).status_code == 200  # refreshes the store with the 30 new rows
    with django_assert_num_queries(page_queries):
        body = client.get(url).content.decode()
    assert body.count('class="card-title"') == 20  # the first page of 32
    with django_assert_num_queries(api_queries):
        assert client.get(api).json()["count"] == 32


# --- API ---------------------------------------------------------------------------


def test_api_matches_for_the_signed_in_physician(client, teacher, organization, django_assert_max_num_queries):
    make_trips(3, organization)
    client.force_login(teacher.user)
    response = client.get("/api/v1/matches/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    first = data["results"][0]
    assert {"id", "title", "organization", "match"} <= set(first)
    assert {"total", "factors", "reasons", "watch_outs", "sustainability_index"} <= set(first["match"])
    # Both measured requests follow a write, so both rebuild the trip-feature store.
    make_trips(1, organization)
    with CaptureQueriesContext(connection) as baseline:
        client.get("/api/v1/matches/")
    make_trips(20, organization)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get("/api/v1/matches/")


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_api_matches_refuses_non_physicians(client, who, organization):
    if who == "member":
        client.force_login(MembershipFactory(organization=organization).user)
    assert client.get("/api/v1/matches/").status_code in (401, 403)


def test_api_suggested_volunteers_permissions(client, teacher, organization):
    trip = TripFactory(open=True, organization=organization)
    url = f"/api/v1/trips/{trip.pk}/suggested-volunteers/"
    assert client.get(url).status_code in (401, 403)
    client.force_login(teacher.user)
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(organization=organization).user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == teacher.pk
    assert "LIC-PRIVATE-1" not in response.content.decode()
    assert client.get("/api/v1/trips/999999/suggested-volunteers/").status_code == 404


def test_trip_page_shows_indices_and_the_physicians_own_match(client, teacher, organization):
    trip = TripFactory(open=True, organization=organization)
    body = client.get(trip.get_absolute_url()).content.decode()
    assert "Sustainability" in body and "100/100" in body
    assert "Your match" not in body
    client.force_login(teacher.user)
    body = client.get(trip.get_absolute_url()).content.decode()
    assert "Your match" in body and "Why this fits" in body


def test_trip_page_says_why_a_trip_is_not_a_match(client, organization):
    surgeon = PhysicianProfileFactory(primary_specialty=None)
    trip = TripFactory(open=True, organization=organization)
    client.force_login(surgeon.user)
    body = client.get(trip.get_absolute_url()).content.decode()
    assert "not a match for you" in body and "No place is left for any of your specialties." in body


def test_organization_page_shows_indices(client):
    weak = OrganizationFactory(verified=True)
    body = client.get(weak.get_absolute_url()).content.decode()
    assert "0/100" in body


def test_a_kind_note_for_volunteers_leaning_on_adventure(client, organization):
    adventurer = PhysicianProfileFactory(motivations={vocabulary.ADVENTURE: 3, vocabulary.TEACHING: 1})
    TripFactory(open=True, organization=organization)
    client.force_login(adventurer.user)
    body = client.get(reverse("matching:mine")).content.decode()
    assert "extra weight to trips with supervision" in body
    assert reverse("matching:preparing-well") in body
    assert client.get(reverse("matching:preparing-well")).status_code == 200
    client.force_login(PhysicianProfileFactory(motivations={vocabulary.TEACHING: 3}).user)
    assert "extra weight to trips with supervision" not in client.get(reverse("matching:mine")).content.decode()


def test_trainees_are_told_why_some_trips_are_missing(client, organization):
    resident = PhysicianProfileFactory(training_level=vocabulary.RESIDENT)
    TripFactory(open=True, organization=organization, supervision_provided=False, title="Unsupervised")
    TripFactory(open=True, organization=organization, supervision_provided=True, title="Supervised")
    matches = matches_for_physician(physician=physician_with_related(pk=resident.pk))
    assert [m.trip.title for m in matches[:5]] == ["Supervised"]
    client.force_login(resident.user)
    assert "provide supervision" in client.get(reverse("matching:mine")).content.decode()


def test_my_matches_reuse_the_candidate_trips_but_never_a_stale_profile(client, teacher, organization, settings):
    """Coming back to the page reuses the trip-feature store and the rendered cards (the 4
    queries that build the store do not run again, and the page's trips never cost one)
    and shows the same ranking; a changed profile is read afresh at once."""
    settings.MATCHES_CACHE_SECONDS = 30
    make_trips(3, organization)
    client.force_login(teacher.user)
    url = reverse("matching:mine")

    def cards(page):  # each card's trip link and its score and factor lines
        return re.findall(r'card-title"><a href="([^"]+)"|<li[^>]*>(.*?)</li>', page.content.decode())

    with CaptureQueriesContext(connection) as first:
        first_cards = cards(client.get(url))
    with CaptureQueriesContext(connection) as again:
        assert cards(client.get(url)) == first_cards and len(first_cards) > 3
    assert len(again.captured_queries) == len(first.captured_queries) - 4

    # Availability is part of the key: a new window's trips show at once.
    far = timezone.localdate() + timedelta(days=400)
    TripFactory(
        open=True,
        organization=organization,
        title="Next year",
        start_date=far,
        end_date=far + timedelta(days=7),
        application_deadline=far - timedelta(days=30),
    )
    assert "Next year" not in client.get(url).content.decode()
    teacher.availability_windows.create(start_date=far - timedelta(days=1), end_date=far + timedelta(days=10))
    assert "Next year" in client.get(url).content.decode()

    # Scores are computed on every request from the profile as it is now, and the cards
    # rendered from them are keyed by it.
    before = matches_for_physician(physician=physician_with_related(pk=teacher.pk))[0].match.factors
    cards_before = cards(client.get(url))
    teacher.motivation_weights.all().delete()
    after = matches_for_physician(physician=physician_with_related(pk=teacher.pk))[0].match.factors
    assert after != before
    assert cards(client.get(url)) != cards_before

"""What "My matches" and the matches API show, pinned against the scalar reference: the
count, every card's score, factor breakdown, reasons and watch-outs, the note on trips
left out and why, and pagination (20 a page; the API's page and page_size)."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

import vocabulary
from matching.explanation_text import factor_label, note_data, note_text
from matching.selectors import physician_with_related, trip_for_matching, trip_offer, volunteer_profile
from matching.templatetags.match_display import explained
from organizations.models import ScorecardItem
from tests.factories import LocalPartnerFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from tests.matching.oracle import oracle_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_trips():
    """23 open trips of three organizations (strong, weak, mixed evidence) with different
    languages, costs, countries and dates, plus trips the physician cannot join."""
    today = timezone.localdate()
    strong = OrganizationFactory(verified=True, strong_evidence=True)
    LocalPartnerFactory(organization=strong)
    ScorecardItem.objects.create(organization=strong, item=vocabulary.SCORECARD_ITEM_KEYS[0], status=vocabulary.MET)
    weak = OrganizationFactory(verified=True)
    mixed = OrganizationFactory(verified=True, strong_evidence=True, publishes_fee_breakdown=False)
    ScorecardItem.objects.create(organization=mixed, item=vocabulary.SCORECARD_ITEM_KEYS[1], status=vocabulary.NOT_MET)
    organizations = [strong, weak, mixed]
    trips = []
    for i in range(23):
        start = today + timedelta(days=20 + 17 * i)
        trips.append(
            TripFactory(
                open=True,
                organization=organizations[i % 3],
                title=f"Trip <{i}> & co",
                country=["NI", "HT", "KE", "GT"][i % 4],
                start_date=start,
                end_date=start + timedelta(days=6 + i % 9),
                application_deadline=start - timedelta(days=10),
                cost_usd=800 + 150 * i,
                languages=[["es"], ["fr"], [], ["es", "fr"]][i % 4],
                supervision_provided=i % 2 == 0,
            )
        )
    TripFactory(organization=strong, title="A draft")  # not open
    TripFactory(open=True, organization=OrganizationFactory(), title="Unvetted")  # not verified
    return trips


@pytest.fixture
def volunteer():
    today = timezone.localdate()
    physician = PhysicianProfileFactory(
        motivations={vocabulary.TEACHING: 3, vocabulary.CONTINUITY: 2, vocabulary.IMMERSION: 1},
        languages={"es": 3, "fr": 1},
        preferred_countries=["HT"],
        max_budget_usd=2500,
        available=False,
    )
    physician.availability_windows.create(start_date=today, end_date=today + timedelta(days=200))
    physician.availability_windows.create(start_date=today + timedelta(days=230), end_date=today + timedelta(days=300))
    return physician


def expected(physician, trips):
    offers = [trip_offer(trip_for_matching(pk=t.pk)) for t in trips]
    profile = volunteer_profile(physician_with_related(pk=physician.pk))
    return oracle_matches(profile, offers, today=timezone.localdate())


def card_sections(body):
    return body.split('<article class="card">')[1:]


def test_the_matches_page_shows_every_part_of_each_match(client, volunteer, varied_trips):
    matches = expected(volunteer, varied_trips)
    assert 10 < len(matches) < 23  # some trips fall outside the windows
    client.force_login(volunteer.user)
    first = client.get(reverse("matching:mine")).content.decode()
    assert f"{len(matches)} open trips fit your specialties and dates." in first
    assert "Page 1 of 1" in first or len(matches) <= 20
    for page, body in ((1, first),):
        cards = card_sections(body)
        assert len(cards) == min(20, len(matches))
        for card, match in zip(cards, matches[(page - 1) * 20 : page * 20], strict=True):
            trip = next(t for t in varied_trips if t.pk == match.trip_id)
            assert html.escape(trip.title, quote=True).replace("&#x27;", "'") in card or trip.title in html.unescape(
                card
            )
            shown = explained(match)
            assert f'<span class="score" aria-label="Match score out of 100">{shown.total}</span>' in card
            for line in shown.factors:
                assert str(line.label) in card and str(line.points) in card and f'value="{line.meter_value}"' in card
            for reason in match.reasons:
                assert html.escape(note_text(reason)) in card
            for warning in match.watch_outs:
                assert html.escape(note_text(warning)) in card
            assert ("Why this fits" in card) == bool(match.reasons)
            assert ("Watch out" in card) == bool(match.watch_outs)
    # Nothing the physician cannot join is shown, and titles are escaped.
    assert "A draft" not in first and "Unvetted" not in first and "Trip <" not in first


def test_the_matches_page_paginates_twenty_a_page(client, volunteer, varied_trips):
    extra = []
    today = timezone.localdate()
    for i in range(10):
        start = today + timedelta(days=40 + i)
        extra.append(
            TripFactory(
                open=True,
                organization=varied_trips[0].organization,
                title=f"Extra {i}",
                start_date=start,
                end_date=start + timedelta(days=5),
                application_deadline=start - timedelta(days=5),
            )
        )
    matches = expected(volunteer, varied_trips + extra)
    assert len(matches) > 20
    client.force_login(volunteer.user)
    first = client.get(reverse("matching:mine")).content.decode()
    second = client.get(reverse("matching:mine"), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "Page 2 of 2" in second and 'rel="prev"' in second
    assert len(card_sections(first)) == 20 and len(card_sections(second)) == len(matches) - 20
    for card, match in zip(card_sections(second), matches[20:], strict=True):
        assert f'<span class="score" aria-label="Match score out of 100">{explained(match).total}</span>' in card
        for reason in match.reasons:
            assert html.escape(note_text(reason)) in card
    titles = [html.unescape(c.split('">', 2)[2].split("</a>")[0]) for c in card_sections(first + second)]
    by_id = {t.pk: t.title for t in varied_trips + extra}
    assert titles == [by_id[m.trip_id] for m in matches]


def test_trainees_are_told_which_trips_are_left_out_and_why(client, organization):
    resident = PhysicianProfileFactory(training_level=vocabulary.RESIDENT)
    TripFactory(open=True, organization=organization, supervision_provided=False, title="Unsupervised")
    TripFactory(open=True, organization=organization, supervision_provided=True, title="Supervised")
    client.force_login(resident.user)
    body = client.get(reverse("matching:mine")).content.decode()
    assert "1 open trip fits your specialties and dates." in body
    assert "see only trips that accept your training level and provide supervision" in body
    assert "Supervised" in body and "Unsupervised" not in body
    unlicensed = PhysicianProfileFactory(licence_status=vocabulary.LICENCE_INACTIVE)
    client.force_login(unlicensed.user)
    body = client.get(reverse("matching:mine")).content.decode()
    assert "Without a full, active licence you see only trips that provide supervision." in body


def test_the_matches_api_shows_the_same_matches_with_page_and_page_size(client, volunteer, varied_trips):
    matches = expected(volunteer, varied_trips)
    client.force_login(volunteer.user)
    data = client.get("/api/v1/matches/", {"page_size": 5, "page": 2}).json()
    assert data["count"] == len(matches)
    assert [row["id"] for row in data["results"]] == [m.trip_id for m in matches[5:10]]
    for row, match in zip(data["results"], matches[5:10], strict=True):
        trip = next(t for t in varied_trips if t.pk == match.trip_id)
        assert row["title"] == trip.title and row["organization"] == trip.organization.name
        assert row["organization_slug"] == trip.organization.slug and row["country"] == str(trip.country)
        assert row["place"] == trip.place and row["cost_usd"] == trip.cost_usd
        assert row["start_date"] == trip.start_date.isoformat() and row["end_date"] == trip.end_date.isoformat()
        got = row["match"]
        assert got["total"] == pytest.approx(match.total, abs=1e-9)
        assert got["reasons"] == [note_data(n) for n in match.reasons]
        assert got["watch_outs"] == [note_data(n) for n in match.watch_outs]
        assert got["sustainability_index"] == match.sustainability_index
        assert got["local_education_index"] == match.local_education_index
        assert [(f["key"], f["label"], f["weight"]) for f in got["factors"]] == [
            (f.key, factor_label(f.key), f.weight) for f in match.factors
        ]
        for factor, want in zip(got["factors"], match.factors, strict=True):
            assert factor["score"] == pytest.approx(want.score, abs=1e-9)
            assert factor["contribution"] == pytest.approx(want.contribution, abs=1e-9)
    everything = client.get("/api/v1/matches/", {"page_size": 100}).json()["results"]
    assert [row["id"] for row in everything] == [m.trip_id for m in matches]

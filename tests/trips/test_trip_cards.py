"""What a trip card shows on the search page (and the home and organization pages, which
use the same card): pinned field by field, escaped."""

import html
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory, TripFactory
from trips.models import Trip

pytestmark = pytest.mark.django_db


def card_of(body, title):
    cards = [c for c in body.split('<article class="card">')[1:] if html.escape(title) in c]
    assert len(cards) == 1
    return cards[0].split("</article>")[0]


def test_a_trip_card_shows_the_trip_its_places_and_the_organization_badges(client):
    organization = OrganizationFactory(
        verified=True, name="Clinics & <Co>", runs_year_round_facility=True, has_follow_up_plan=False
    )
    organization.trains_local_staff = False
    organization.save()
    trip = TripFactory(
        open=True,
        organization=organization,
        title="Surgery <week>",
        place="León",
        country="NI",
        start_date=date(2031, 3, 2),
        end_date=date(2031, 3, 9),
        application_deadline=date(2031, 1, 15),
        cost_usd=12500,
        continuity_plan="",
        needs={"family-medicine": 3},
    )
    trip.specialty_needs.update(places_filled=1)
    card = card_of(client.get(reverse("trips:list")).content.decode(), trip.title)
    assert f'<a href="{trip.get_absolute_url()}">Surgery &lt;week&gt;</a>' in card
    assert "Clinics &amp; &lt;Co&gt; · León, Nicaragua" in card
    assert "2 Mar 2031 – 9 Mar 2031 · $12,500" in card
    assert '<span class="tag">Family medicine: 2/3</span>' in card
    assert '<span class="badge badge-ok">Year-round clinic</span>' in card
    assert '<span class="badge badge-warn">No follow-up plan</span>' in card
    assert "Trains local staff" not in card
    assert "Apply by 15 Jan 2031" in card


def test_a_trip_card_with_a_continuity_plan_and_training_shows_those_badges(client):
    organization = OrganizationFactory(verified=True, runs_year_round_facility=False, has_follow_up_plan=False)
    organization.trains_local_staff = True
    organization.save()
    trip = TripFactory(open=True, organization=organization, title="Planned", continuity_plan="Local clinic follows up")
    card = card_of(client.get(reverse("trips:list")).content.decode(), trip.title)
    assert '<span class="badge badge-ok">Follow-up plan</span>' in card
    assert '<span class="badge badge-ok">Trains local staff</span>' in card
    assert "Year-round clinic" not in card and "No follow-up plan" not in card


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_search_card_read_as_plain_rows_is_the_card_of_the_model_trip(client, language):
    from django.utils import translation

    from trips.cards import TripCard
    from trips.selectors import trip_cards_by_id
    from trips.templatetags.trip_cards import trip_cards

    organization = OrganizationFactory(verified=True, name="Rows & <Models>", has_follow_up_plan=True)
    trips = [
        TripFactory(open=True, organization=organization, needs={"pediatrics": 2, "family-medicine": 3}),
        TripFactory(open=True, organization=organization, continuity_plan="Clinic staff", needs={"general-surgery": 1}),
    ]
    trips[0].specialty_needs.filter(specialty__slug="pediatrics").update(places_filled=2)
    loaded = {t.pk: t for t in Trip.objects.with_related().filter(pk__in=[t.pk for t in trips])}

    read = trip_cards_by_id([t.pk for t in trips] + [10**9])  # an id gone since is left out

    assert set(read) == set(loaded)
    assert all(read[pk] == TripCard.of(loaded[pk]) for pk in loaded)
    ids = [t.pk for t in trips]  # the raw read's rows come in no particular order: compare trip by trip
    with translation.override(language):
        assert trip_cards([read[pk] for pk in ids]) == trip_cards([loaded[pk] for pk in ids])
    assert [need.specialty_name for need in read[trips[0].pk].needs] == ["Family medicine", "Pediatrics"]
    assert read[trips[0].pk].needs[1].places_left == 0

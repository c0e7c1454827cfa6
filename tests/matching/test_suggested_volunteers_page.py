"""What "Suggested volunteers" shows on each card, and who may see it: the cards are written
by a template tag (matching/templatetags/volunteer_cards.py), so the markup is pinned here."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

import vocabulary
import vocabulary.choices
from applications.models import TripInvitation
from matching.generation import engine_input_changed, volunteer_input_changed
from physicians.models import PhysicianProfile
from physicians.specialties import common_specialty
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)
from trips.models import Trip, TripStatus

pytestmark = pytest.mark.django_db


def page(client, trip, **params):
    response = client.get(reverse("matching:suggested-volunteers", args=[trip.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def card_of(body, name):
    """The <article> of the physician named `name`."""
    for card in re.findall(r'<article class="card">.*?</article>', body, flags=re.S):
        if f'<h2 class="card-title">{name}</h2>' in card:
            return card
    raise AssertionError(f"no card for {name}")


@pytest.fixture
def member_client(client, organization):
    client.force_login(MembershipFactory(organization=organization).user)
    return client


def test_a_card_shows_the_physician_the_factors_reasons_and_the_invitation_form(member_client, organization):
    trip = TripFactory(open=True, organization=organization, languages=["es"], needs={"pediatrics": 2})
    physician = PhysicianProfileFactory(
        display_name="Dr. Ana <López>",
        primary_specialty=common_specialty("pediatrics"),
        languages={"es": 3},
        motivations={vocabulary.TEACHING: 3},
        years_in_practice=1,
        training_level=vocabulary.ATTENDING,
    )
    physician.other_specialties.set([common_specialty("family-medicine"), common_specialty("emergency-medicine")])
    body = page(member_client, trip)
    card = card_of(body, "Dr. Ana &lt;López&gt;")  # escaped, never raw markup
    names = sorted(s.name for s in physician.other_specialties.all())
    level = dict(vocabulary.choices.TRAINING_LEVEL_CHOICES)[vocabulary.ATTENDING]
    assert f'<p class="card-meta">Pediatrics, {names[0]}, {names[1]} · {level} · 1 year in practice</p>' in card
    # The score and the seven factors, each with its meter and points.
    assert re.search(r'<span class="score" aria-label="Match score out of 100">\d+</span>', card)
    assert card.count('<li class="factor">') == 7 and card.count("<meter ") == 7
    for label in ("Motivation fit", "Organization quality", "Specialty needed", "Language", "Dates", "Region", "Cost"):
        assert f'<span class="factor-label">{label}</span>' in card
    assert re.search(r'<span class="factor-points">[\d.]+ of 35</span>', card)
    assert '<h4>Why this fits</h4><ul class="reasons">' in card and "<li>Fluent in Spanish</li>" in card
    # The invitation form, posting with its csrf token to the trip's invite address.
    action = reverse("applications:invite", args=[trip.pk])
    assert f'<form method="post" action="{action}" class="stack invite-form">' in card
    assert re.search(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">', card)
    assert f'<input type="hidden" name="physician" value="{physician.pk}">' in card
    assert f'<label for="invite-note-{physician.pk}">Your note (optional, sent with the invitation)</label>' in card
    assert '<button type="submit">Invite Dr. Ana &lt;López&gt; to apply</button>' in card
    assert "You can invite 10 more physicians to apply today." in body


def test_watch_outs_plural_years_and_no_form_for_who_takes_no_invitations(member_client, organization):
    trip = TripFactory(open=True, organization=organization, languages=["es"])
    PhysicianProfileFactory(
        display_name="Dr. Basic", languages={"es": 1}, years_in_practice=7, accepts_invitations=False
    )
    card = card_of(page(member_client, trip), "Dr. Basic")
    assert "Family medicine · " in card and " · 7 years in practice</p>" in card
    assert '<h4>Watch out</h4><ul class="watch-outs">' in card
    assert '<p class="small muted">This physician does not take invitations.</p>' in card
    assert "<form" not in card


def test_a_physician_without_a_primary_specialty_lists_only_the_others(member_client, organization):
    trip = TripFactory(open=True, organization=organization, needs={"pediatrics": 1})
    physician = PhysicianProfileFactory(display_name="Dr. Other", primary_specialty=None)
    physician.other_specialties.set([common_specialty("pediatrics")])
    volunteer_input_changed(physician_ids=[physician.pk])
    card = card_of(page(member_client, trip), "Dr. Other")
    assert '<p class="card-meta">Pediatrics · ' in card


@override_settings(TRIP_INVITATIONS_PER_DAY=2)
def test_no_form_once_todays_invitations_are_spent(member_client, organization):
    trip = TripFactory(open=True, organization=organization)
    yesterday, today = PhysicianProfileFactory(), PhysicianProfileFactory()
    PhysicianProfileFactory(display_name="Dr. Next")
    old = TripInvitation.objects.create(trip=trip, physician=yesterday, invited_by=UserFactory())
    TripInvitation.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(days=1))
    body = page(member_client, trip)
    assert "You can invite 2 more physicians to apply today." in body  # yesterday's does not count
    TripInvitation.objects.create(trip=trip, physician=today, invited_by=UserFactory())
    TripInvitation.objects.create(trip=TripFactory(open=True, organization=organization), physician=today)
    body = page(member_client, trip)
    assert "You can invite 1 more physician to apply today." in body  # another trip's does not count
    with override_settings(TRIP_INVITATIONS_PER_DAY=1):
        body = page(member_client, trip)
    assert "You can invite 0 more physicians to apply today." in body
    assert "<form" not in card_of(body, "Dr. Next")
    for invited in (yesterday, today):  # invited: not suggested again
        assert f'<h2 class="card-title">{invited.display_name}</h2>' not in body


def test_counts_and_pagination(member_client, organization):
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 30})
    for _ in range(25):
        PhysicianProfileFactory()
    first, second = page(member_client, trip), page(member_client, trip, page=2)
    assert first.count('<article class="card">') == 20 and second.count('<article class="card">') == 5
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "Page 2 of 2" in second and 'rel="prev"' in second
    shown = set(re.findall(r'name="physician" value="(\d+)"', first + second))
    assert shown == {str(pk) for pk in PhysicianProfile.objects.values_list("pk", flat=True)}


@pytest.mark.parametrize("kind", ["closed", "unvetted"])
def test_a_trip_outside_the_trip_store_still_has_its_page(client, kind):
    """Neither a closed trip nor one of an unvetted organization is in the trip-feature store:
    its page is read from the database, and nobody is suggested for it."""
    organization = OrganizationFactory(verified=kind != "unvetted")
    trip = TripFactory(open=True, organization=organization, title="Ward week")
    if kind == "closed":
        Trip.objects.filter(pk=trip.pk).update(status=TripStatus.CLOSED)
        engine_input_changed(trip_ids=[trip.pk])
    PhysicianProfileFactory()
    client.force_login(MembershipFactory(organization=organization).user)
    body = page(client, trip)
    assert "Ward week" in body and "No available physician fits this trip's open places yet." in body


def test_who_may_see_a_trips_suggested_volunteers(client, organization):
    trip = TripFactory(open=True, organization=organization)
    physician = PhysicianProfileFactory()
    url = reverse("matching:suggested-volunteers", args=[trip.pk])
    api = f"/api/v1/trips/{trip.pk}/suggested-volunteers/"
    assert client.get(url).status_code == 302  # signed out: to the login page
    assert client.get(api).status_code in (401, 403)
    for user in (
        physician.user,  # a physician, even one suggested for it
        MembershipFactory(organization=OrganizationFactory(verified=True)).user,  # another organization's member
        UserFactory(),
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(api).status_code == 404
    for user in (MembershipFactory(organization=organization).user, UserFactory(is_staff=True)):
        client.force_login(user)
        assert physician.display_name in client.get(url).content.decode()
        assert client.get(api).json()["results"][0]["id"] == physician.pk
    assert client.get(reverse("matching:suggested-volunteers", args=[999999])).status_code == 404
    assert client.get("/api/v1/trips/999999/suggested-volunteers/").status_code == 404

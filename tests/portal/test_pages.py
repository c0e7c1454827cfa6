import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import vocabulary
from matching.explanation_text import note_text
from matching.selectors import match_for_physician_and_trip, physician_with_related, volunteer_profile
from organizations.models import ScorecardItem
from tests.factories import (
    LocalPartnerFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
)

pytestmark = pytest.mark.django_db


def make_trips(organization, count):
    for _ in range(count):
        TripFactory(
            open=True, organization=organization, needs={"family-medicine": 2, "pediatrics": 1}, languages=["es"]
        )


def make_organizations(count, trips_each):
    """Verified organizations with evidence, a partner, a scorecard judgement, a review
    and open trips: everything a page could be tempted to load one row at a time."""
    organizations = []
    for _ in range(count):
        organization = OrganizationFactory(verified=True, strong_evidence=True)
        LocalPartnerFactory(organization=organization)
        ScorecardItem.objects.create(organization=organization, item=SCORECARD_ITEM, status="met")
        make_trips(organization, trips_each)
        organizations.append(organization)
    return organizations


def _scorecard_item():
    return vocabulary.SCORECARD_ITEM_KEYS[0]


SCORECARD_ITEM = _scorecard_item()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url_name", ["home", "trips:list", "organizations:list"])
def test_list_pages_use_a_constant_number_of_queries(client, organization, django_assert_max_num_queries, url_name):
    LocalPartnerFactory(organization=organization)
    make_trips(organization, 2)
    make_organizations(2, trips_each=1)
    # The search reads the countries it offers from the trip-feature store, which the first
    # request after writes refreshes (a few queries, once per process): counts are taken
    # with the store current.
    queries_for(client, reverse(url_name))
    few = queries_for(client, reverse(url_name))
    # More trips for the same organization, and more organizations each with trips.
    make_trips(organization, 5)
    make_organizations(6, trips_each=2)
    queries_for(client, reverse(url_name))
    with django_assert_max_num_queries(few):
        assert client.get(reverse(url_name)).status_code == 200


def test_organization_list_counts_open_trips_per_organization(client):
    first, second = make_organizations(2, trips_each=0)
    make_trips(first, 3)
    make_trips(second, 1)
    body = client.get(reverse("organizations:list")).content.decode()
    assert "3 open trips" in body and "1 open trip<" in body


def test_pages_for_a_signed_in_physician_use_a_constant_number_of_queries(
    client, organization, django_assert_num_queries
):
    """The trip page (with the physician's match) and the organization page (a match for
    every open trip) cost the same whatever the number of trips and organizations."""
    physician = PhysicianProfileFactory(motivations={"teaching": 3}, languages={"es": 2})
    client.force_login(physician.user)
    make_trips(organization, 2)
    make_organizations(1, trips_each=1)
    trip = organization.trips.first()
    trip_count = queries_for(client, trip.get_absolute_url())
    organization_count = queries_for(client, organization.get_absolute_url())
    make_trips(organization, 8)
    make_organizations(4, trips_each=2)
    with django_assert_num_queries(trip_count):
        assert client.get(trip.get_absolute_url()).status_code == 200
    with django_assert_num_queries(organization_count):
        body = client.get(organization.get_absolute_url()).content.decode()
    assert body.count("data-match-for=") == 10


def test_trip_and_organization_pages_use_a_constant_number_of_queries(client, organization, django_assert_num_queries):
    make_trips(organization, 3)
    trip = organization.trips.first()
    with CaptureQueriesContext(connection) as trip_queries:
        client.get(trip.get_absolute_url())
    with CaptureQueriesContext(connection) as org_queries:
        client.get(organization.get_absolute_url())
    make_trips(organization, 12)
    with django_assert_num_queries(len(trip_queries.captured_queries)):
        assert client.get(trip.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(org_queries.captured_queries)):
        assert client.get(organization.get_absolute_url()).status_code == 200


def test_organization_page_shows_the_physicians_match_for_each_open_trip(client, organization):
    fits = TripFactory(open=True, organization=organization, title="Family clinic week", needs={"family-medicine": 2})
    other = TripFactory(open=True, organization=organization, title="Eye camp", needs={"ophthalmology": 2})
    physician = PhysicianProfileFactory(motivations={"teaching": 3})
    client.force_login(physician.user)
    body = client.get(organization.get_absolute_url()).content.decode()

    expected = match_for_physician_and_trip(
        profile=volunteer_profile(physician_with_related(user=physician.user)), trip=fits
    )
    shown = re.search(rf'data-match-for="{fits.pk}">(.*?)</p>', body, re.S).group(1)
    assert f">{expected.total:.0f}</span>" in shown  # the same score as on the trip's own page
    assert html.escape(note_text(expected.reasons[0])) in shown
    excluded = re.search(rf'data-match-for="{other.pk}">(.*?)</p>', body, re.S).group(1)
    assert "Not a match for you" in excluded

    # Nobody else sees a match: not visitors, not the organization's own members.
    client.logout()
    assert "data-match-for" not in client.get(organization.get_absolute_url()).content.decode()
    client.force_login(MembershipFactory(organization=organization).user)
    assert "data-match-for" not in client.get(organization.get_absolute_url()).content.decode()


def test_home_page_explains_the_portal_and_lists_open_trips(client, organization):
    TripFactory(open=True, organization=organization, title="Cataract camp in Jinotega")
    body = client.get(reverse("home")).content.decode()
    assert "Volunteer where care continues" in body
    assert "Cataract camp in Jinotega" in body


def test_trip_page_shows_evidence_and_places(client, organization):
    trip = TripFactory(
        open=True, organization=organization, needs={"pediatrics": 3}, continuity_plan="Local nurses follow up."
    )
    body = client.get(trip.get_absolute_url()).content.decode()
    assert "Pediatrics: 3 of 3 open" in body
    assert "Local nurses follow up." in body
    assert "Year-round local hospital or clinic" in body


def test_trip_search_filters_are_kept_in_the_url(client, organization):
    TripFactory(open=True, organization=organization, title="Spanish week", languages=["es"], cost_usd=500)
    TripFactory(open=True, organization=organization, title="Swahili week", languages=["sw"], cost_usd=3000)
    body = client.get(reverse("trips:list"), {"language": "es", "max_cost": "1000"}).content.decode()
    assert "Spanish week" in body and "Swahili week" not in body


def test_bad_filter_values_give_a_form_error_not_a_500(client):
    response = client.get(
        reverse("trips:list"), {"max_cost": "lots", "starts_after": "tomorrow", "specialty": "999999"}
    )
    assert response.status_code == 200
    assert "not valid" in response.content.decode()


def test_search_by_best_fit_for_the_signed_in_physician(client, organization):
    weak = OrganizationFactory(verified=True)
    TripFactory(open=True, organization=weak, title="Weak but soon")
    later = TripFactory(open=True, organization=organization, title="Strong and later")
    later.start_date = later.start_date + __import__("datetime").timedelta(days=10)
    later.end_date = later.end_date + __import__("datetime").timedelta(days=10)
    later.save()
    teacher = PhysicianProfileFactory(motivations={vocabulary.TEACHING: 3})
    client.force_login(teacher.user)
    body = client.get(reverse("trips:list"), {"rank": "best_fit"}).content.decode()
    assert body.index("Strong and later") < body.index("Weak but soon")
    body = client.get(reverse("trips:list"), {"sort": "soonest"}).content.decode()
    assert body.index("Weak but soon") < body.index("Strong and later")
    client.logout()
    assert client.get(reverse("trips:list"), {"rank": "best_fit"}).status_code == 200

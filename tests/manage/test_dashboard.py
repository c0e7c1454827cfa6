"""An organization's own pages: who may use them, and what they do."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import VettingDecision, VettingStatus
from physicians.specialties import common_specialty
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    TripFactory,
)
from trips.models import Trip, TripStatus, TripStatusChange

pytestmark = pytest.mark.django_db


def trip_data(**overrides):
    start = timezone.localdate() + timedelta(days=90)
    data = {
        "title": "Cataract camp",
        "description": "Two theatres.",
        "country": "NI",
        "place": "León",
        "start_date": start,
        "end_date": start + timedelta(days=9),
        "application_deadline": start - timedelta(days=30),
        "cost_usd": 900,
        "cost_covers": "Lodging",
        "continuity_plan": "Local ophthalmic nurses review at one week.",
        "supervision_provided": "on",
        "languages": ["es"],
        "needs-TOTAL_FORMS": 1,
        "needs-INITIAL_FORMS": 0,
        "needs-MIN_NUM_FORMS": 0,
        "needs-MAX_NUM_FORMS": 1000,
        "needs-0-specialty": common_specialty("ophthalmology").pk,
        "needs-0-places": 3,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["dashboard", "edit", "trip-create"])
def test_only_members_reach_the_management_pages(client, organization, physician, name):
    url = reverse(f"manage:{name}", args=[organization.slug])
    assert client.get(url).status_code == 302
    client.force_login(physician.user)
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(organization=organization).user)
    assert client.get(url).status_code == 200


def test_create_a_trip_then_open_it(member_client, organization, member):
    response = member_client.post(reverse("manage:trip-create", args=[organization.slug]), trip_data())
    assert response.status_code == 302
    trip = Trip.objects.get(title="Cataract camp")
    assert trip.status == TripStatus.DRAFT and trip.specialty_needs.get().places == 3
    assert list(trip.languages.values_list("language", flat=True)) == ["es"]
    member_client.post(reverse("manage:trip-status", args=[organization.slug, trip.pk]), {"status": "open"})
    trip.refresh_from_db()
    assert trip.status == TripStatus.OPEN
    assert TripStatusChange.objects.get(trip=trip).changed_by == member


def test_an_unverified_organization_is_told_why_it_cannot_open(client):
    pending = OrganizationFactory()
    client.force_login(MembershipFactory(organization=pending).user)
    trip = TripFactory(organization=pending)
    response = client.post(reverse("manage:trip-status", args=[pending.slug, trip.pk]), {"status": "open"}, follow=True)
    assert "not verified yet" in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": timezone.localdate()}, "cannot end before it starts"),
        ({"application_deadline": timezone.localdate() + timedelta(days=200)}, "on or before the start date"),
        ({"needs-0-places": 0}, "At least one place"),
        ({"cost_usd": -1}, "greater than or equal to 0"),
    ],
)
def test_trip_form_errors(member_client, organization, overrides, message):
    response = member_client.post(reverse("manage:trip-create", args=[organization.slug]), trip_data(**overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Trip.objects.exists()


def test_places_cannot_drop_below_accepted_volunteers(member_client, organization):
    trip = TripFactory(open=True, organization=organization, needs={"ophthalmology": 3})
    need = trip.specialty_needs.get()
    need.places_filled = 2
    need.save()
    data = trip_data(**{"needs-INITIAL_FORMS": 1, "needs-0-id": need.pk, "needs-0-places": 1, "needs-0-trip": trip.pk})
    response = member_client.post(reverse("manage:trip-edit", args=[organization.slug, trip.pk]), data)
    assert "already accepted" in response.content.decode()
    need.refresh_from_db()
    assert need.places == 3


def test_duplicate_a_past_trip(member_client, organization):
    trip = TripFactory(
        organization=organization, status=TripStatus.COMPLETED, needs={"pediatrics": 2}, languages=["es"]
    )
    member_client.post(reverse("manage:trip-duplicate", args=[organization.slug, trip.pk]))
    copy = Trip.objects.exclude(pk=trip.pk).get()
    assert copy.status == TripStatus.DRAFT and copy.start_date == trip.start_date + timedelta(days=364)
    assert copy.specialty_needs.get().places == 2 and copy.specialty_needs.get().places_filled == 0
    assert list(copy.languages.values_list("language", flat=True)) == ["es"]


def test_edit_evidence_but_never_the_vetting_status(member_client, organization):
    url = reverse("manage:edit", args=[organization.slug])
    page = member_client.get(url).content.decode()
    assert "Sustainability and continuity of care" in page and 'name="vetting_status"' not in page
    form = member_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "countries_served"}
    data.update(
        {
            "countries_served": ["NI"],
            "local_staff_employed": 55,
            "vetting_status": "verified",
            "partners-TOTAL_FORMS": 0,
            "partners-INITIAL_FORMS": 0,
        }
    )
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = member_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    organization.refresh_from_db()
    assert organization.local_staff_employed == 55


def test_resubmit_after_a_request_for_information(client):
    organization = OrganizationFactory(vetting_status=VettingStatus.NEEDS_INFORMATION)
    client.force_login(MembershipFactory(organization=organization).user)
    client.post(reverse("manage:resubmit", args=[organization.slug]))
    organization.refresh_from_db()
    assert organization.vetting_status == VettingStatus.PENDING
    assert VettingDecision.objects.get(organization=organization).to_status == VettingStatus.PENDING


def test_dashboard_queries_are_constant(member_client, organization, django_assert_max_num_queries):
    url = reverse("manage:dashboard", args=[organization.slug])
    ApplicationFactory(trip=TripFactory(open=True, organization=organization))
    with CaptureQueriesContext(connection) as baseline:
        member_client.get(url)
    for _ in range(10):
        ApplicationFactory(trip=TripFactory(open=True, organization=organization))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        body = member_client.get(url).content.decode()
    assert body.count("Applications</a>") == 11

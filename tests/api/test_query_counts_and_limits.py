"""List endpoints answer in a constant number of queries however many rows (over several
organizations) they show; page sizes are capped; throttling answers 429."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import SimpleRateThrottle

import vocabulary
from applications.models import ApplicationStatus, PostTripReport, Review
from notifications.models import SavedSearch
from organizations.models import ScorecardItem
from physicians.specialties import common_specialty
from portal.pagination import StandardPagination
from tests.factories import (
    ApplicationFactory,
    LocalPartnerFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
)
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


def organization_with_everything(member=None):
    """A verified organization with what its API representation reads: partners, a judged
    scorecard item, an open trip with an applicant, a completed trip with a review and a report."""
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    if member is not None:
        MembershipFactory(organization=organization, user=member)
    LocalPartnerFactory(organization=organization)
    LocalPartnerFactory(organization=organization)
    ScorecardItem.objects.create(
        organization=organization, item=vocabulary.SCORECARD_ITEM_KEYS[0], status=vocabulary.MET
    )
    TripFactory(
        open=True, organization=organization, languages=["es", "fr"], needs={"family-medicine": 2, "pediatrics": 1}
    )
    past = TripFactory(organization=organization, status=TripStatus.COMPLETED)
    application = ApplicationFactory(trip=past, status=ApplicationStatus.ACCEPTED)
    Review.objects.create(
        application=application,
        organization=organization,
        follow_up_happened=True,
        local_staff_involved=True,
        preparation_adequate=True,
        would_return=True,
        text="Good.",
    )
    PostTripReport.objects.create(
        trip=past,
        organization=organization,
        patients_seen=10,
        follow_ups_handed_to_local_staff=2,
        local_staff_trained=1,
        what_changed="Triage.",
    )
    return organization


def assert_constant(client, url, grow, django_assert_num_queries, count_key="count"):
    """The same number of queries after `grow()` added rows as before, and more rows shown."""
    with CaptureQueriesContext(connection) as baseline:
        before = client.get(url)
    assert before.status_code == 200, before.content
    grow()
    with django_assert_num_queries(len(baseline.captured_queries)):
        after = client.get(url)
    assert after.status_code == 200
    assert len(after.json()["results"]) > len(before.json()["results"])


def test_organization_list(client, django_assert_num_queries):
    organization_with_everything()
    assert_constant(
        client,
        "/api/v1/organizations/",
        lambda: [organization_with_everything() for _ in range(4)],
        django_assert_num_queries,
    )


def test_application_list_for_a_physician(client, django_assert_num_queries):
    physician = PhysicianProfileFactory()
    ApplicationFactory(physician=physician, trip=TripFactory(open=True))
    client.force_login(physician.user)

    def grow():
        for _ in range(4):  # each trip of another organization
            ApplicationFactory(
                physician=physician, trip=TripFactory(open=True, organization=OrganizationFactory(verified=True))
            )

    assert_constant(client, "/api/v1/applications/", grow, django_assert_num_queries)


def test_application_list_for_a_member_of_several_organizations(client, member, django_assert_num_queries):
    ApplicationFactory(trip=TripFactory(open=True, organization=organization_with_everything(member)))
    client.force_login(member)

    def grow():
        for _ in range(3):
            organization = organization_with_everything(member)
            for _ in range(2):
                ApplicationFactory(trip=TripFactory(open=True, organization=organization))

    assert_constant(client, "/api/v1/applications/", grow, django_assert_num_queries)


def test_saved_search_list(client, physician, django_assert_num_queries):
    SavedSearch.objects.create(user=physician.user, name="First", query="language=es")
    client.force_login(physician.user)

    def grow():
        SavedSearch.objects.bulk_create(
            [SavedSearch(user=physician.user, name=f"S{i}", query=f"max_cost={i}") for i in range(1, 8)]
        )

    assert_constant(client, "/api/v1/saved-searches/", grow, django_assert_num_queries)


def test_match_list(client, django_assert_num_queries, settings):
    settings.MATCHES_CACHE_SECONDS = 0  # count the candidate queries on every request

    physician = PhysicianProfileFactory(primary_specialty=common_specialty("family-medicine"), languages={"es": 3})
    client.force_login(physician.user)
    client.get("/api/v1/matches/")  # a store to bring up to date, as both requests compared below do
    TripFactory(open=True, organization=organization_with_everything(), languages=["es"])

    def grow():
        for _ in range(4):
            organization = organization_with_everything()
            TripFactory(open=True, organization=organization, languages=["es"])

    assert_constant(client, "/api/v1/matches/", grow, django_assert_num_queries)


def test_page_size_is_capped(client, physician):
    assert StandardPagination.max_page_size == 100
    SavedSearch.objects.bulk_create(
        [SavedSearch(user=physician.user, name=f"S{i}", query=f"max_cost={i}") for i in range(1, 106)]
    )
    client.force_login(physician.user)
    data = client.get("/api/v1/saved-searches/", {"page_size": 1000}).json()
    assert data["count"] == 105 and len(data["results"]) == 100 and data["next"]
    assert len(client.get("/api/v1/saved-searches/", {"page_size": 7}).json()["results"]) == 7
    assert len(client.get("/api/v1/saved-searches/", {"page_size": "lots"}).json()["results"]) == 20


def test_organization_and_trip_lists_are_capped_too(client, monkeypatch):
    # A small cap so the test needs few rows; the same pagination class serves every list.
    monkeypatch.setattr(StandardPagination, "max_page_size", 2)
    organization = organization_with_everything()
    organization_with_everything()
    organization_with_everything()
    for _ in range(2):
        TripFactory(open=True, organization=organization)
    assert len(client.get("/api/v1/organizations/", {"page_size": 1000}).json()["results"]) == 2
    assert len(client.get("/api/v1/trips/", {"page_size": 1000}).json()["results"]) == 2


@pytest.fixture
def low_rates(monkeypatch):
    # DRF reads the rates into the throttle class when it is imported, so changing settings
    # afterwards has no effect: patch the class attribute (the cache is cleared per test).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})


def test_anonymous_requests_are_throttled(client, low_rates):
    statuses = [client.get("/api/v1/trips/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in client.get("/api/v1/organizations/").headers


def test_signed_in_requests_are_throttled_per_user(client, physician, low_rates):
    client.force_login(physician.user)
    statuses = [client.get("/api/v1/saved-searches/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    client.force_login(PhysicianProfileFactory().user)  # another user has their own allowance
    assert client.get("/api/v1/saved-searches/").status_code == 200

"""Post-trip reports and volunteers' reviews of an organization, readable through the API as
its page shows them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import ApplicationStatus, PostTripReport, Review
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


def completed_trip_with_outcomes(organization, member, reviews=1, text="Local nurses led every clinic."):
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": reviews + 1})
    for _ in range(reviews):
        physician = PhysicianProfileFactory(display_name="Dr. Private Person", licence_number="LIC-HIDDEN")
        application = ApplicationFactory(physician=physician, trip=trip, status=ApplicationStatus.ACCEPTED)
        Review.objects.create(
            application=application,
            organization=organization,
            follow_up_happened=True,
            local_staff_involved=False,
            preparation_adequate=True,
            would_return=True,
            text=text,
        )
    trip.status = TripStatus.COMPLETED
    trip.save(update_fields=["status"])
    PostTripReport.objects.create(
        trip=trip,
        organization=organization,
        patients_seen=120,
        follow_ups_handed_to_local_staff=30,
        local_staff_trained=4,
        what_changed="Triage by local staff.",
        submitted_by=member,
    )
    return trip


def test_reports_and_reviews_of_a_verified_organization_are_public(client, organization, member):
    trip = completed_trip_with_outcomes(organization, member)
    reports = client.get(f"/api/v1/organizations/{organization.slug}/reports/").json()
    assert reports["count"] == 1
    assert (
        reports["results"][0] | {"trip": trip.pk, "patients_seen": 120, "what_changed": "Triage by local staff."}
        == reports["results"][0]
    )
    reviews = client.get(f"/api/v1/organizations/{organization.slug}/reviews/")
    assert reviews.status_code == 200 and reviews.json()["count"] == 1
    review = reviews.json()["results"][0]
    assert review["text"] == "Local nurses led every clinic." and review["follow_up_happened"] is True
    body = reviews.content.decode() + str(reports)
    assert "Private Person" not in body and "LIC-HIDDEN" not in body and member.email not in body
    # The organization itself carries the page's totals.
    outcomes = client.get(f"/api/v1/organizations/{organization.slug}/").json()["outcomes"]
    assert (
        outcomes
        | {
            "report_count": 1,
            "patients_seen": 120,
            "review_count": 1,
            "follow_up_percent": 100,
            "local_staff_percent": 0,
        }
        == outcomes
    )


def test_reports_and_reviews_of_an_unverified_organization_only_for_its_members_and_admins(client):
    pending = OrganizationFactory()
    member = MembershipFactory(organization=pending).user
    completed_trip_with_outcomes(pending, member)
    for kind in ("reports", "reviews"):
        url = f"/api/v1/organizations/{pending.slug}/{kind}/"
        client.logout()
        assert client.get(url).status_code == 404
        client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
        assert client.get(url).status_code == 404
        client.force_login(PhysicianProfileFactory().user)
        assert client.get(url).status_code == 404
        client.force_login(member)
        assert client.get(url).json()["count"] == 1
        client.force_login(UserFactory(is_staff=True))
        assert client.get(url).json()["count"] == 1
    assert client.get("/api/v1/organizations/no-such-slug/reviews/").status_code == 404


def test_reviews_only_of_this_organization_newest_first(client, organization, member):
    completed_trip_with_outcomes(organization, member, text="Older")
    completed_trip_with_outcomes(organization, member, text="Newer")
    other = OrganizationFactory(verified=True)
    completed_trip_with_outcomes(other, MembershipFactory(organization=other).user, text="Elsewhere")
    texts = [r["text"] for r in client.get(f"/api/v1/organizations/{organization.slug}/reviews/").json()["results"]]
    assert texts == ["Newer", "Older"]


@pytest.mark.parametrize("kind", ["reports", "reviews"])
def test_report_and_review_lists_queries_are_constant(client, organization, member, kind, django_assert_num_queries):
    completed_trip_with_outcomes(organization, member)
    url = f"/api/v1/organizations/{organization.slug}/{kind}/"
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    for _ in range(4):
        completed_trip_with_outcomes(organization, member, reviews=2)
    with django_assert_num_queries(len(baseline.captured_queries)):
        assert client.get(url).json()["count"] > 1

"""The one exception handler: the services' Django errors become DRF's 400 and 403, in the
shape each endpoint answered before, with the service's own words."""

import pytest

from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, TripFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


def test_a_service_refusal_by_permission_is_a_403_with_its_reason(client, admin_user, organization):
    application = ApplicationFactory(trip__organization=organization, status=ApplicationStatus.ACCEPTED)
    application.trip.status = TripStatus.COMPLETED
    application.trip.save(update_fields=["status"])
    client.force_login(admin_user)  # a superuser: sees every application, reviews none
    response = client.post(f"/api/v1/applications/{application.pk}/review/", {"would_return": True})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the volunteer who applied can review this trip."}


def test_a_service_field_error_stays_under_its_field(client, organization, member):
    trip = TripFactory(organization=organization, status=TripStatus.COMPLETED)
    client.force_login(member)
    response = client.post(f"/api/v1/trips/{trip.pk}/status/", {"status": "open"})
    assert response.status_code == 400
    assert response.json() == {"status": ["A trip that is completed cannot become open for applications."]}


def test_a_service_error_without_a_field_is_a_non_field_error(client, organization, member):
    trip = TripFactory(organization=organization, status=TripStatus.DRAFT)
    application = ApplicationFactory(trip=trip)
    client.force_login(member)
    response = client.post(f"/api/v1/applications/{application.pk}/decide/", {"decision": "accepted"})
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Applications can be decided only while a trip is open or closed; this trip is draft."]
    }

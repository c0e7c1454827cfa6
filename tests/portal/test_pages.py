import pytest
from django.urls import reverse

from tests.factories import LocalPartnerFactory, TripFactory

pytestmark = pytest.mark.django_db


def make_trips(organization, count):
    for _ in range(count):
        TripFactory(open=True, organization=organization, needs={"family-medicine": 2, "pediatrics": 1}, languages=["es"])


@pytest.mark.parametrize("url_name", ["home", "trips:list", "organizations:list"])
def test_list_pages_use_a_constant_number_of_queries(client, organization, django_assert_max_num_queries, url_name):
    LocalPartnerFactory(organization=organization)
    make_trips(organization, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    make_trips(organization, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_trip_and_organization_pages_use_a_constant_number_of_queries(client, organization, django_assert_num_queries):
    make_trips(organization, 3)
    trip = organization.trips.first()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as trip_queries:
        client.get(trip.get_absolute_url())
    with CaptureQueriesContext(connection) as org_queries:
        client.get(organization.get_absolute_url())
    make_trips(organization, 12)
    with django_assert_num_queries(len(trip_queries.captured_queries)):
        assert client.get(trip.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(org_queries.captured_queries)):
        assert client.get(organization.get_absolute_url()).status_code == 200


def test_home_page_explains_the_portal_and_lists_open_trips(client, organization):
    TripFactory(open=True, organization=organization, title="Cataract camp in Jinotega")
    body = client.get(reverse("home")).content.decode()
    assert "Volunteer where care continues" in body
    assert "Cataract camp in Jinotega" in body


def test_trip_page_shows_evidence_and_places(client, organization):
    trip = TripFactory(open=True, organization=organization, needs={"pediatrics": 3}, continuity_plan="Local nurses follow up.")
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
    response = client.get(reverse("trips:list"), {"max_cost": "lots", "starts_after": "tomorrow", "specialty": "999999"})
    assert response.status_code == 200
    assert "not valid" in response.content.decode()


def test_search_by_best_fit_for_the_signed_in_physician(client, organization):
    from matching import vocabulary
    from tests.factories import OrganizationFactory, PhysicianProfileFactory

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

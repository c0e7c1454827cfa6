"""Error pages in the site's own layout (DEBUG off, as in production), each with a way back;
the favicon; a trip search page past the end."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.views.defaults import permission_denied

from portal.views import server_error
from tests.factories import TripFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


def in_site_layout(body):
    return 'class="site-header"' in body and 'class="site-footer"' in body and 'href="/trips/"' in body


def test_an_unknown_address_is_our_404_page_with_a_way_back(client):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that page" in body and in_site_layout(body)
    assert f'href="{reverse("home")}"' in body and f'href="{reverse("trips:list")}"' in body


def test_a_trip_that_is_not_public_is_the_same_404_page(client, organization):
    draft = TripFactory(organization=organization, status=TripStatus.DRAFT)
    response = client.get(reverse("trips:detail", args=[draft.pk]))
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()
    assert draft.title not in response.content.decode()


def test_the_404_page_offers_the_log_out_but_names_none_of_the_users_organizations(member_client, organization):
    body = member_client.get("/no-such-page/").content.decode()
    assert "Log out" in body and 'href="/accounts/login/' not in body
    assert organization.name not in body
    assert organization.name in member_client.get(reverse("home")).content.decode()  # where the full navigation has it


def test_a_refused_page_is_our_403_page(member_client):
    # A calendar is a physician's; an organization member without a profile is refused.
    response = member_client.get(reverse("notifications:calendar"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do this here" in body and in_site_layout(body)
    assert f'href="{reverse("home")}"' in body
    assert "Log out" in body and 'href="/accounts/login/' not in body


def test_the_403_page_says_why_and_offers_a_signed_out_visitor_the_log_in(rf):
    request = rf.get("/manage/some-organization/members/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied("Only the organization's owners can invite members."))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Only the organization&#x27;s owners can invite members." in body
    assert 'href="/accounts/login/?next=/manage/some-organization/members/"' in body


def test_a_form_without_its_csrf_token_is_our_page_with_a_link_back_to_the_form():
    browser = Client(enforce_csrf_checks=True)
    login = "http://testserver" + reverse("account_login")
    response = browser.post(reverse("account_login"), {"login": "a@example.org", "password": "x"}, HTTP_REFERER=login)
    body = response.content.decode()
    assert response.status_code == 403
    assert "We could not accept that form" in body and in_site_layout(body)
    assert f'href="{login}"' in body and "Back to the form" in body


def test_the_csrf_page_never_links_back_to_another_site():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("account_login"), {}, HTTP_REFERER="https://evil.example.org/form")
    body = response.content.decode()
    assert response.status_code == 403
    assert "evil.example.org" not in body and "Back to the form" not in body
    assert f'href="{reverse("home")}"' in body


def test_the_500_page_is_in_the_site_layout_without_touching_the_database(client, monkeypatch):
    monkeypatch.setattr("portal.views.trip_list_public", lambda: 1 / 0)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body and in_site_layout(body)
    assert f'href="{reverse("home")}"' in body


def test_the_500_page_renders_with_no_query(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Log out" not in response.content.decode()


def test_every_page_names_the_favicon_and_favicon_ico_is_served_at_the_root(client, django_assert_num_queries):
    assert finders.find("favicon.svg")
    body = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file


@pytest.fixture
def two_pages_of_trips(organization):
    return [TripFactory(open=True, organization=organization) for _ in range(25)]


def test_a_trip_search_page_past_the_end_shows_the_last_page(client, two_pages_of_trips):
    url = reverse("trips:list")
    last = client.get(url, {"page": 2})
    for page in ("999", "last"):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert list(response.context["trips"]) == list(last.context["trips"])
        assert len(response.context["trips"]) == 5
        assert "Page 2 of 2" in response.content.decode()


def test_a_trip_search_page_that_is_not_a_number_shows_the_first_page(client, two_pages_of_trips):
    url = reverse("trips:list")
    first = client.get(url)
    for page in ("abc", "1.5"):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert list(response.context["trips"]) == list(first.context["trips"])

"""The physician's own budget limit ("never show me trips over my budget") through the
profile page and the API, and what it does to their matches."""

import pytest
from django.urls import reverse

from matching.selectors import matches_for_physician, physician_with_related
from physicians.models import PhysicianProfile
from tests.factories import OrganizationFactory, PhysicianProfileFactory, TripFactory

pytestmark = pytest.mark.django_db


def test_the_places_page_sets_the_limit_and_matches_leave_out_trips_over_budget(client):
    physician = PhysicianProfileFactory(max_budget_usd=1000)
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    cheap = TripFactory(open=True, organization=organization, cost_usd=900)
    dear = TripFactory(open=True, organization=organization, cost_usd=1500)
    client.force_login(physician.user)

    def listed():
        loaded = physician_with_related(pk=physician.pk)
        return {item.trip.pk: item.match for item in matches_for_physician(physician=loaded)}

    graded = listed()
    assert set(graded) == {cheap.pk, dear.pk} and graded[dear.pk].total < graded[cheap.pk].total
    response = client.post(
        reverse("physicians:profile-edit", args=["places"]), {"max_budget_usd": "1000", "never_over_budget": "on"}
    )
    assert response.status_code == 302
    assert PhysicianProfile.objects.get(pk=physician.pk).never_over_budget
    assert set(listed()) == {cheap.pk}
    assert "trips over it are never shown" in client.get(reverse("physicians:profile")).content.decode()


def test_the_api_sets_the_limit_and_refuses_nonsense(client):
    physician = PhysicianProfileFactory(max_budget_usd=1000)
    client.force_login(physician.user)
    response = client.patch("/api/v1/me/physician/", {"never_over_budget": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["never_over_budget"] is True
    bad = client.patch("/api/v1/me/physician/", {"never_over_budget": "sometimes"}, content_type="application/json")
    assert bad.status_code == 400 and "never_over_budget" in bad.json()
    assert PhysicianProfile.objects.get(pk=physician.pk).never_over_budget

"""A trip deleted (by an admin) while it sits in a physician's cached candidate trips: the
matches API and page leave it out instead of failing until the cache entry expires."""

import pytest
from django.urls import reverse

from tests.factories import PhysicianProfileFactory, TripFactory

pytestmark = pytest.mark.django_db


def test_a_deleted_trip_in_cached_candidates_is_left_out(client, organization, settings):
    settings.MATCHES_CACHE_SECONDS = 30
    physician = PhysicianProfileFactory(languages={"es": 3})
    kept, deleted = (TripFactory(open=True, organization=organization, languages=["es"]) for _ in range(2))
    client.force_login(physician.user)
    before = client.get("/api/v1/matches/").json()
    assert {m["id"] for m in before["results"]} == {kept.pk, deleted.pk}

    deleted.delete()  # the candidates stay cached for MATCHES_CACHE_SECONDS

    after = client.get("/api/v1/matches/")
    assert after.status_code == 200
    assert [m["id"] for m in after.json()["results"]] == [kept.pk]
    page = client.get(reverse("matching:mine"))
    assert page.status_code == 200 and kept.title in page.content.decode()

"""The benchmark's plain anchor page: open trips, 20 a page, only under the bench URLconf."""

import pytest
from django.urls import reverse

from tests.factories import TripFactory

pytestmark = pytest.mark.django_db


@pytest.mark.urls("matching.bench_anchor")
@pytest.mark.parametrize("name", ["bench-plain-trips", "bench-plain-trips-in-base"])
def test_the_anchor_lists_open_trips_twenty_a_page(client, organization, name, django_assert_max_num_queries):
    for i in range(23):
        TripFactory(open=True, organization=organization, title=f"Open {i:02d}")
    TripFactory(organization=organization, title="Draft only")
    with django_assert_max_num_queries(4):
        first = client.get(reverse(name)).content.decode()
    row = f" · {organization.name} · "
    assert first.count(row) == 20 and "Draft only" not in first
    assert client.get(reverse(name), {"page": 2}).content.decode().count(row) == 3


def test_the_anchor_is_not_part_of_the_site(client):
    assert client.get("/bench/plain-trips/").status_code == 404

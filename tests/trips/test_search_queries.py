"""The trip search with filters on related rows: each trip once, no DISTINCT and no
COUNT(DISTINCT …), and a query count that does not grow with the trips."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from physicians.specialties import common_specialty
from tests.factories import TripFactory

pytestmark = pytest.mark.django_db


def search(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("trips:list"), params)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_related_filters_list_each_trip_once_without_distinct(client, organization):
    family = common_specialty("family-medicine")
    # Two languages and two needs: a join on either would list this trip twice.
    TripFactory(
        open=True,
        organization=organization,
        title="Twice joined",
        languages=["es", "en"],
        needs={"family-medicine": 2, "pediatrics": 1},
    )
    TripFactory(open=True, organization=organization, title="French only", languages=["fr"])
    full = TripFactory(
        open=True, organization=organization, title="Full", languages=["es"], needs={"family-medicine": 1}
    )
    full.specialty_needs.update(places_filled=1)
    body, sql = search(client, language="es", max_cost=3000, specialty=family.pk)
    assert body.count("Twice joined") == 1
    assert "French only" not in body and "Full" not in body
    assert not any("DISTINCT" in statement.upper() for statement in sql)


def test_the_search_query_count_does_not_grow_with_trips(client, organization):
    family = common_specialty("family-medicine")
    TripFactory(open=True, organization=organization, languages=["es"])
    # The countries offered come from the trip-feature store; the first search after a
    # write also refreshes it (a few queries, once per process whatever the trips), so each
    # count is taken with the store current.
    search(client, language="es", max_cost=3000, specialty=family.pk)
    _body, few = search(client, language="es", max_cost=3000, specialty=family.pk)
    for _ in range(25):
        TripFactory(open=True, organization=organization, languages=["es", "en"])
    search(client, language="es", max_cost=3000, specialty=family.pk)
    body, many = search(client, language="es", max_cost=3000, specialty=family.pk)
    assert len(many) == len(few)
    assert 'rel="next"' in body  # more than a page of results, counted once each

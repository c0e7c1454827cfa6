"""The spread term's scheduled snapshot: applications waiting per open place, refreshed by
the beat task and read by the ranking with the needs."""

import pytest

import vocabulary
from applications.models import ApplicationStatus
from matching.engine import weights as w
from matching.selectors import matches_for_physician, physician_with_related
from portal.queue import enqueue
from tests.factories import ApplicationFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripSpecialtyNeed
from trips.services import trip_spread_refresh

pytestmark = pytest.mark.django_db


def test_a_crowded_trip_ranks_a_little_lower_after_the_refresh(organization, settings):
    assert settings.CELERY_BEAT_SCHEDULE["spread-refresh"]["task"] == "trips.refresh_spread"
    crowded, free = (TripFactory(open=True, organization=organization, needs={"family-medicine": 1}) for _ in range(2))
    for _ in range(2):  # SPREAD_SATURATION applicants for its one place
        ApplicationFactory(trip=crowded)
    ApplicationFactory(trip=free, status=ApplicationStatus.DECLINED)  # answered: not waiting
    physician = physician_with_related(pk=PhysicianProfileFactory(motivations={vocabulary.TEACHING: 3}).pk)

    def totals():
        return {item.trip.pk: item.match.total for item in matches_for_physician(physician=physician)}

    before = totals()
    assert before[crowded.pk] == before[free.pk]  # not refreshed yet: applying costs the page nothing
    assert enqueue("trips.refresh_spread") is not None
    assert TripSpecialtyNeed.objects.get(trip=crowded).active_applications == 2
    assert TripSpecialtyNeed.objects.get(trip=free).active_applications == 0
    after = totals()
    assert after[free.pk] == before[free.pk]
    assert after[crowded.pk] == pytest.approx(before[crowded.pk] - w.SPREAD_POINTS, abs=0.051)
    assert trip_spread_refresh() == 0  # nothing changed since: no trip marked again

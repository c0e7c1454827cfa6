"""Continuity of cover in the ranking: trips that fill a gap in the host's cover calendar
are marked (when the calendar changes and on a schedule) and score higher for physicians who
weight continuity."""

from datetime import timedelta

import pytest

import vocabulary
from applications.models import ApplicationStatus
from cover.services import cover_gaps_refresh
from matching.engine import explanations
from matching.selectors import matches_for_physician, physician_with_related
from tests.factories import ApplicationFactory, PhysicianProfileFactory, TripFactory
from tests.factories_cover import CoverCalendarFactory, next_monday
from trips.models import TripSpecialtyNeed

pytestmark = pytest.mark.django_db


def test_a_trip_in_an_uncovered_week_fills_a_gap_until_someone_covers_it():
    start = next_monday(2)
    calendar = CoverCalendarFactory(periods=[(start, start + timedelta(days=13))])
    organization = calendar.organization
    in_gap = TripFactory(
        open=True,
        organization=organization,
        start_date=start,
        end_date=start + timedelta(days=6),
        application_deadline=start - timedelta(days=1),
    )
    outside = TripFactory(
        open=True,
        organization=organization,
        start_date=start + timedelta(days=30),
        end_date=start + timedelta(days=36),
        application_deadline=start,
    )
    other_specialty = TripFactory(
        open=True,
        organization=organization,
        start_date=start,
        end_date=start + timedelta(days=6),
        application_deadline=start - timedelta(days=1),
        needs={"pediatrics": 1},
    )
    assert cover_gaps_refresh() == 1
    flags = dict(TripSpecialtyNeed.objects.values_list("trip_id", "fills_cover_gap"))
    assert flags == {in_gap.pk: True, outside.pk: False, other_specialty.pk: False}

    continuity = physician_with_related(pk=PhysicianProfileFactory(motivations={vocabulary.CONTINUITY: 3}).pk)
    teacher = physician_with_related(pk=PhysicianProfileFactory(motivations={vocabulary.TEACHING: 3}).pk)
    ranked = {item.trip.pk: item.match for item in matches_for_physician(physician=continuity)}
    assert ranked[in_gap.pk].total > ranked[outside.pk].total
    assert explanations.FILLS_COVER_GAP in {reason.code for reason in ranked[in_gap.pk].reasons}
    taught = {item.trip.pk: item.match.total for item in matches_for_physician(physician=teacher)}
    assert taught[in_gap.pk] == taught[outside.pk]

    # A volunteer accepted on a trip covering those weeks closes the gap at the next refresh.
    covering = TripFactory(
        open=True,
        organization=organization,
        start_date=start - timedelta(days=1),
        end_date=start + timedelta(days=14),
        application_deadline=start - timedelta(days=2),
    )
    ApplicationFactory(trip=covering, specialty=calendar.specialty, status=ApplicationStatus.ACCEPTED)
    cover_gaps_refresh()
    assert not TripSpecialtyNeed.objects.get(trip=in_gap).fills_cover_gap

import pytest

from matching.models import MatchRound
from matching.services import match_preferences_set
from tests.factories import PhysicianProfileFactory, TripFactory


@pytest.fixture
def setting(organization):
    """Three physicians rank Popular (1 place) then Quiet (2 places)."""
    popular = TripFactory(open=True, organization=organization, needs={"family-medicine": 1}, title="Popular")
    quiet = TripFactory(open=True, organization=organization, needs={"family-medicine": 2}, title="Quiet")
    physicians = [PhysicianProfileFactory() for _ in range(3)]
    match_round = MatchRound.objects.create(name="Spring 2027")
    for physician in physicians:
        match_preferences_set(match_round=match_round, physician=physician, trip_ids=[popular.pk, quiet.pk])
    return match_round, popular, quiet, physicians

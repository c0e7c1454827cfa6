"""The match round's bulk reverse ranking: the same order as the one-trip ranking, and
volunteers built from plain rows equal to those built from model instances."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from matching import vocabulary
from matching.engine import DateWindow, LanguageSkill, rank_applicants_of_trips, rank_volunteers_lazily
from matching.selectors import volunteer_profile, volunteer_profiles_from_rows
from physicians.models import AvailabilityWindow, PhysicianProfile
from physicians.specialties import common_specialty
from tests.factories import PhysicianProfileFactory
from tests.matching import builders

TODAY = date(2027, 1, 10)


def test_bulk_order_equals_the_one_trip_ranking():
    volunteers = [
        builders.volunteer(id=1),
        builders.volunteer(id=2, languages=(LanguageSkill("en", 3),)),  # no Spanish
        builders.volunteer(id=3, availability=(DateWindow(date(2027, 3, 5), date(2027, 3, 9)),)),  # partial
        builders.volunteer(id=4, motivation_weights=((vocabulary.ADVENTURE, 3),)),
        builders.volunteer(id=5, availability=(DateWindow(date(2028, 1, 1), date(2028, 2, 1)),)),  # excluded
    ]
    offers = [builders.trip(id=10), builders.trip(id=11, languages=frozenset(), organization=builders.weak_organization())]
    pairs = [(offers[0], volunteers), (offers[1], list(reversed(volunteers[:4])))]
    order = rank_applicants_of_trips(pairs, today=TODAY)
    for offer, candidates in pairs:
        assert order[offer.id] == rank_volunteers_lazily(offer, candidates, today=TODAY).volunteer_ids()
    assert 5 not in order[10]  # no date overlap: never ranked
    assert len(order[10]) == 4


@pytest.mark.django_db
def test_volunteers_from_rows_equal_those_from_model_instances():
    today = timezone.localdate()
    physicians = [
        PhysicianProfileFactory(
            languages={"es": vocabulary.FLUENT, "fr": vocabulary.BASIC},
            motivations={vocabulary.TEACHING: 3, vocabulary.FAITH: 1},
            preferred_countries=["NI", "HT"],
            preferred_regions=["central_america"],
            max_budget_usd=1500,
            training_level=vocabulary.RESIDENT,
        ),
        PhysicianProfileFactory(available=False, primary_specialty=None),
        PhysicianProfileFactory(),
    ]
    physicians[0].other_specialties.add(common_specialty("pediatrics"), common_specialty("family-medicine"))
    AvailabilityWindow.objects.create(physician=physicians[0], start_date=today - timedelta(days=9), end_date=today)
    expected = {p.pk: volunteer_profile(p) for p in PhysicianProfile.objects.filter(pk__in=[p.pk for p in physicians]).with_related()}
    assert volunteer_profiles_from_rows({p.pk for p in physicians}) == expected

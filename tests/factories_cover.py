"""Factories for cover calendars (the cover app)."""

from datetime import timedelta

import factory
from django.utils import timezone

from cover.models import CoverCalendar, CoverPeriod
from physicians.specialties import common_specialty
from tests.factories import OrganizationFactory


def next_monday(weeks_ahead=1):
    today = timezone.localdate()
    return today - timedelta(days=today.weekday()) + timedelta(days=7 * weeks_ahead)


class CoverCalendarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoverCalendar
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory, verified=True, strong_evidence=True)
    specialty = factory.LazyFunction(lambda: common_specialty("family-medicine"))
    minimum_stay_weeks = 2

    @factory.post_generation
    def periods(calendar, create, extracted, **kwargs):
        """`periods=[(start, end)]`; by default the four weeks from next Monday."""
        if not create:
            return
        if extracted is None:
            extracted = [(next_monday(), next_monday() + timedelta(days=27))]
        CoverPeriod.objects.bulk_create(
            [CoverPeriod(calendar=calendar, start_date=s, end_date=e) for s, e in extracted]
        )

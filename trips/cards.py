"""What a trip card shows, as plain values: read for a page of search results in two
queries without model instances, or taken from a trip loaded `with_related()`."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class NeedOnCard:
    specialty_name: str  # as stored; the card translates it as Specialty.__str__ does
    places_left: int
    places: int


@dataclass(frozen=True, slots=True)
class TripCard:
    pk: int
    title: str
    place: str
    country: str
    start_date: date
    end_date: date
    application_deadline: date
    cost_usd: int
    continuity_plan: str
    organization_name: str
    runs_year_round_facility: bool
    has_follow_up_plan: bool
    trains_local_staff: bool
    needs: tuple  # NeedOnCard, by specialty name as the needs are ordered

    @classmethod
    def of(cls, trip):
        """The card of a trip loaded `with_related()` (its needs prefetched with their specialty)."""
        organization = trip.organization
        return cls(
            pk=trip.pk,
            title=trip.title,
            place=trip.place,
            country=str(trip.country),
            start_date=trip.start_date,
            end_date=trip.end_date,
            application_deadline=trip.application_deadline,
            cost_usd=trip.cost_usd,
            continuity_plan=trip.continuity_plan,
            organization_name=organization.name,
            runs_year_round_facility=organization.runs_year_round_facility,
            has_follow_up_plan=organization.has_follow_up_plan,
            trains_local_staff=organization.trains_local_staff,
            needs=tuple(
                NeedOnCard(need.specialty.name, need.places_left, need.places) for need in trip.specialty_needs.all()
            ),
        )

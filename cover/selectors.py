"""Reads for cover calendars: the weeks each calendar wants, which of them accepted volunteers
already cover, and the physicians a cover round may propose, scored by the engine."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from matching.engine import TripOffer, rank_volunteers_lazily
from matching.engine.cover import CoverCandidate, weeks_held, weeks_overlapping
from matching.physician_reads import volunteer_profiles_from_rows
from matching.selectors import organization_evidence
from organizations.models import Organization
from physicians.models import PhysicianProfile
from trips.models import TripStatus

from .models import CoverCalendar, CoverRound


@dataclass(frozen=True)
class CoverWeek:
    monday: object
    covered: bool

    @property
    def sunday(self):
        return self.monday + timedelta(days=6)


@dataclass(frozen=True)
class CoverStatus:
    calendar: CoverCalendar
    weeks: tuple  # CoverWeek, from this week on

    @property
    def covered_count(self):
        return sum(1 for week in self.weeks if week.covered)

    @property
    def uncovered_count(self):
        return len(self.weeks) - self.covered_count

    @property
    def uncovered(self):
        return tuple(week.monday for week in self.weeks if not week.covered)


def cover_calendars_of(organization):
    """An organization's calendars (an organization or its id) with specialty and periods."""
    return (
        CoverCalendar.objects.filter(organization=organization)
        .select_related("specialty", "organization")
        .prefetch_related("periods")
    )


def cover_calendar_for_member(*, organization, pk):
    return cover_calendars_of(organization).get(pk=pk)


def accepted_presence(*, organization_id, specialty_ids):
    """{specialty id: [(start, end)]}: when accepted volunteers of each specialty are on site
    on the organization's trips (cancelled trips left out), in one query."""
    rows = (
        Application.objects.filter(
            status=ApplicationStatus.ACCEPTED, specialty_id__in=specialty_ids, trip__organization_id=organization_id
        )
        .exclude(trip__status=TripStatus.CANCELLED)
        .values_list("specialty_id", "trip__start_date", "trip__end_date")
    )
    presence = {}
    for specialty_id, start, end in rows:
        presence.setdefault(specialty_id, []).append((start, end))
    return presence


def cover_statuses(calendars, *, today=None):
    """A CoverStatus per calendar (all of one organization): its wanted weeks from this week
    on, each covered or not, in one query beyond the calendars'."""
    calendars = list(calendars)
    if not calendars:
        return []
    this_week = (today or timezone.localdate()) - timedelta(days=(today or timezone.localdate()).weekday())
    presence = accepted_presence(
        organization_id=calendars[0].organization_id, specialty_ids=[c.specialty_id for c in calendars]
    )
    statuses = []
    for calendar in calendars:
        mondays = tuple(
            m for m in weeks_overlapping([(p.start_date, p.end_date) for p in calendar.periods.all()]) if m >= this_week
        )
        held = set(weeks_held(presence.get(calendar.specialty_id, ()), mondays))
        statuses.append(CoverStatus(calendar, tuple(CoverWeek(m, m in held) for m in mondays)))
    return statuses


def cover_status(calendar, *, today=None):
    return cover_statuses([calendar], today=today)[0]


def _facility_country(organization):
    served = list(organization.countries_served or ())
    return str(served[0] if served else organization.registration_country)


def cover_round_candidates(*, calendar, wanted_weeks, today=None):
    """CoverCandidates for the round: physicians of the calendar's specialty who take
    invitations and whose availability holds at least one wanted week, each with the
    engine's fit from the host's side (0..1) for a stay over the wanted weeks they hold.
    Physicians the engine excludes (training level or licence needing supervision the host
    does not state) are left out. A fixed number of queries however many physicians."""
    today = today or timezone.localdate()
    if not wanted_weeks:
        return []
    first, last = min(wanted_weeks), max(wanted_weeks) + timedelta(days=6)
    ids = (
        PhysicianProfile.objects.filter(
            Q(primary_specialty_id=calendar.specialty_id) | Q(other_specialties=calendar.specialty_id),
            accepts_invitations=True,
            availability_windows__start_date__lte=last,
            availability_windows__end_date__gte=first,
        )
        .distinct()
        .order_by("id")
        .values_list("id", flat=True)
    )
    profiles = volunteer_profiles_from_rows(list(ids))
    organization = Organization.objects.with_evidence().get(pk=calendar.organization_id)
    evidence = organization_evidence(organization)
    country = _facility_country(organization)
    candidates = []
    for profile in profiles.values():
        windows = tuple((w.start, w.end) for w in profile.availability)
        held = weeks_held(windows, wanted_weeks)
        if not held:
            continue
        offer = TripOffer(
            id=calendar.pk,
            title=str(calendar),
            organization=evidence,
            country=country,
            place="",
            start=held[0],
            end=held[-1] + timedelta(days=6),
            application_deadline=today,
            open_places=((calendar.specialty_id, 1),),
            specialty_names=((calendar.specialty_id, calendar.specialty.name),),
        )
        ranked = rank_volunteers_lazily(offer, [profile], today=today)
        if len(ranked):
            candidates.append(CoverCandidate(profile.id, windows, ranked[0].total / 100))
    return candidates


def cover_rounds_of(calendar):
    return CoverRound.objects.filter(calendar=calendar).select_related("requested_by")


def cover_round_with_proposals(*, calendar, pk):
    return (
        CoverRound.objects.filter(calendar=calendar, pk=pk)
        .prefetch_related("proposals__physician__user", "proposals__trip")
        .get()
    )

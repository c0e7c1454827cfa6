"""Writes for cover calendars and cover rounds; the organization's pages call these.

A calendar belongs to an organization with a year-round facility: the periods it wants a
clinician of one specialty on site and the minimum stay. A cover round is queued by a member
and carried out by a worker (`cover_round_execute`); accepting a proposed stay drafts a trip
for it through `trips.services.trip_save`, and the organization invites the physician to it
through `applications.services.trip_invitation_create` once the trip is open."""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.services import trip_invitation_create
from matching.engine.cover import plan_cover, weeks_overlapping
from matching.generation import engine_input_changed
from portal.queue import enqueue_on_commit
from trips.models import TripSpecialtyNeed, TripStatus
from trips.services import trip_save

from .models import (
    ACTIVE_COVER_ROUND_STATES,
    MAX_MINIMUM_STAY_WEEKS,
    CoverCalendar,
    CoverPeriod,
    CoverProposal,
    CoverProposalStatus,
    CoverRound,
    CoverRoundState,
)
from .selectors import cover_calendars_of, cover_round_candidates, cover_status, cover_statuses

logger = logging.getLogger(__name__)

RUN_TASK = "cover.run_cover_round"
MAX_PERIODS = 24
MAX_PERIOD_DAYS = 366
# How far ahead a calendar may reach: a round plans real stays, not a wish list for the decade.
MAX_DAYS_AHEAD = 2 * 366


def _dates(start, end):
    return {"start": date_format(start, "SHORT_DATE_FORMAT"), "end": date_format(end, "SHORT_DATE_FORMAT")}


def _check_member(user, organization):
    if not user.has_perm("cover.change_calendar", organization):
        raise PermissionDenied(_("Only the organization's members can change its cover calendar."))


@transaction.atomic
def cover_calendar_save(*, organization, specialty, minimum_stay_weeks, periods, by_user, calendar=None, today=None):
    """Create or edit an organization's cover calendar for one specialty; `periods` is the
    whole list of (start, end) dates, replacing the current one. Raises ValidationError with
    field messages."""
    _check_member(by_user, organization)
    today = today or timezone.localdate()
    if calendar is not None and calendar.organization_id != organization.pk:
        raise PermissionDenied(_("This cover calendar belongs to another organization."))
    errors = {}
    if not organization.runs_year_round_facility:
        errors["specialty"] = _(
            "A cover calendar is for an organization with a year-round facility: state it in your evidence first."
        )
    duplicate = CoverCalendar.objects.filter(organization=organization, specialty=specialty)
    if calendar is not None:
        duplicate = duplicate.exclude(pk=calendar.pk)
    if duplicate.exists():
        errors["specialty"] = _("There is already a cover calendar for %(specialty)s.") % {"specialty": specialty}
    if not 1 <= minimum_stay_weeks <= MAX_MINIMUM_STAY_WEEKS:
        errors["minimum_stay_weeks"] = _("The minimum stay is between 1 and %(max)d weeks.") % {
            "max": MAX_MINIMUM_STAY_WEEKS
        }
    period_errors = []
    if not periods:
        period_errors.append(_("Add at least one period you want covered."))
    if len(periods) > MAX_PERIODS:
        period_errors.append(_("List at most %(max)d periods.") % {"max": MAX_PERIODS})
    for start, end in periods:
        if end < start:
            period_errors.append(_("%(start)s – %(end)s ends before it starts.") % _dates(start, end))
        elif (end - start).days >= MAX_PERIOD_DAYS:
            period_errors.append(_("%(start)s – %(end)s is longer than a year.") % _dates(start, end))
        elif end > today + timedelta(days=MAX_DAYS_AHEAD):
            period_errors.append(_("%(start)s – %(end)s reaches more than two years ahead.") % _dates(start, end))
    if period_errors:
        errors["periods"] = period_errors
    if errors:
        raise ValidationError(errors)
    if calendar is None:
        calendar = CoverCalendar(organization=organization)
    calendar.specialty = specialty
    calendar.minimum_stay_weeks = minimum_stay_weeks
    calendar.save()
    calendar.periods.all().delete()
    CoverPeriod.objects.bulk_create(
        [CoverPeriod(calendar=calendar, start_date=start, end_date=end) for start, end in sorted(periods)]
    )
    cover_gaps_refresh(organization_ids=[organization.pk], today=today)
    return calendar


@transaction.atomic
def cover_calendar_delete(*, calendar, by_user):
    _check_member(by_user, calendar.organization)
    organization_id = calendar.organization_id
    calendar.delete()
    cover_gaps_refresh(organization_ids=[organization_id])


def cover_gaps_refresh(*, organization_ids=None, today=None):
    """Mark the open trips' specialty needs that would fill a gap in their organization's
    cover calendar (a week of the trip the calendar wants and nobody covers yet, with a place
    still open), for continuity-of-cover scoring. Run when a calendar changes and on a
    schedule (the beat task cover.refresh_gaps: acceptances change the cover). Only the trips
    whose flags changed are marked for the engine's store. Returns how many trips changed."""
    calendars = CoverCalendar.objects.all()
    needs = TripSpecialtyNeed.objects.filter(trip__status=TripStatus.OPEN)
    if organization_ids is not None:
        calendars = calendars.filter(organization_id__in=organization_ids)
        needs = TripSpecialtyNeed.objects.filter(trip__organization_id__in=organization_ids)
    else:
        needs = needs | TripSpecialtyNeed.objects.filter(fills_cover_gap=True)
    gaps = {}
    for organization_id in calendars.values_list("organization_id", flat=True).distinct():
        for status in cover_statuses(cover_calendars_of(organization_id), today=today):
            gaps[(organization_id, status.calendar.specialty_id)] = set(status.uncovered)
    changed = []
    for need in needs.select_related("trip").only(
        "pk",
        "specialty_id",
        "places",
        "places_filled",
        "fills_cover_gap",
        "trip__organization_id",
        "trip__start_date",
        "trip__end_date",
        "trip__status",
    ):
        trip = need.trip
        wanted = gaps.get((trip.organization_id, need.specialty_id), ())
        fills = bool(
            trip.status == TripStatus.OPEN
            and need.places_filled < need.places
            and wanted
            and not wanted.isdisjoint(weeks_overlapping([(trip.start_date, trip.end_date)]))
        )
        if fills != need.fills_cover_gap:
            need.fills_cover_gap = fills
            changed.append(need)
    with transaction.atomic():
        TripSpecialtyNeed.objects.bulk_update(changed, ["fills_cover_gap"], batch_size=1000)
        trip_ids = sorted({need.trip_id for need in changed})
        if trip_ids:
            engine_input_changed(trip_ids=trip_ids)
    return len(trip_ids)


@transaction.atomic
def cover_round_request(*, calendar, requested_by):
    """Queue a cover round for a worker (after commit); refused for an organization not yet
    verified (its trips could not open) and while a round of the calendar is queued or running."""
    _check_member(requested_by, calendar.organization)
    if not calendar.organization.is_verified:
        raise ValidationError(_("Your organization is not verified yet, so the stays a round proposes could not open."))
    try:
        with transaction.atomic():
            cover_round = CoverRound.objects.create(calendar=calendar, requested_by=requested_by)
    except IntegrityError:
        raise ValidationError(_("A cover round for this calendar is already queued or running.")) from None
    enqueue_on_commit(RUN_TASK, round_id=cover_round.pk)
    return cover_round


def _wanted_weeks(calendar, today):
    """The uncovered weeks of the calendar a stay could still start in (from next Monday)."""
    return tuple(monday for monday in cover_status(calendar, today=today).uncovered if monday > today)


def cover_round_execute(*, round_id, today=None):
    """Carry out a queued round: plan stays for the calendar's uncovered weeks and store them
    as proposals. Safe to run twice: a round done or failed is left alone, one found running
    (its worker was lost) is planned again from the start. Returns the round or None."""
    today = today or timezone.localdate()
    with transaction.atomic():
        cover_round = (
            CoverRound.objects.select_for_update()
            .select_related("calendar__organization", "calendar__specialty")
            .filter(pk=round_id, state__in=ACTIVE_COVER_ROUND_STATES)
            .first()
        )
        if cover_round is None:
            return CoverRound.objects.filter(pk=round_id).first()
        cover_round.state = CoverRoundState.RUNNING
        cover_round.save(update_fields=["state"])
    calendar = cover_round.calendar
    try:
        wanted = _wanted_weeks(calendar, today)
        candidates = cover_round_candidates(calendar=calendar, wanted_weeks=wanted, today=today)
        plan = plan_cover(wanted_weeks=wanted, candidates=candidates, minimum_weeks=calendar.minimum_stay_weeks)
    except Exception as error:
        CoverRound.objects.filter(pk=round_id).update(
            state=CoverRoundState.FAILED, error=f"{type(error).__name__}: {error}"[:4000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        CoverProposal.objects.filter(cover_round_id=round_id).delete()
        CoverProposal.objects.bulk_create(
            [
                CoverProposal(
                    cover_round_id=round_id,
                    physician_id=stay.physician_id,
                    start_date=stay.start,
                    end_date=stay.end,
                    weeks=stay.weeks,
                    fit=stay.fit,
                )
                for stay in plan.stays
            ]
        )
        CoverRound.objects.filter(pk=round_id).update(
            state=CoverRoundState.DONE,
            weeks_wanted=len(plan.wanted_weeks),
            weeks_covered=plan.weeks_covered,
            optimal=plan.optimal,
            finished_at=timezone.now(),
        )
    cover_round.refresh_from_db()
    return cover_round


def _locked_proposal(proposal, by_user):
    locked = (
        CoverProposal.objects.select_for_update()
        .select_related("cover_round__calendar__organization", "cover_round__calendar__specialty", "physician")
        .get(pk=proposal.pk)
    )
    _check_member(by_user, locked.cover_round.calendar.organization)
    return locked


@transaction.atomic
def cover_proposal_accept(*, proposal, by_user, place, cost_usd=0, today=None):
    """Turn a proposed stay into a draft trip for its dates with one place for the calendar's
    specialty (trips.services.trip_save); the organization opens it and invites the physician."""
    today = today or timezone.localdate()
    locked = _locked_proposal(proposal, by_user)
    if locked.status != CoverProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been answered."))
    calendar = locked.cover_round.calendar
    organization = calendar.organization
    served = list(organization.countries_served or ())
    trip = trip_save(
        organization=organization,
        values={
            "title": _("%(specialty)s cover, %(start)s – %(end)s")
            % {"specialty": calendar.specialty.name, **_dates(locked.start_date, locked.end_date)},
            "country": served[0] if served else organization.registration_country,
            "place": place,
            "start_date": locked.start_date,
            "end_date": locked.end_date,
            "application_deadline": max(today, locked.start_date - timedelta(days=14)),
            "cost_usd": cost_usd,
            "continuity_plan": organization.follow_up_plan_description,
        },
        needs=[(calendar.specialty, 1)],
    )
    locked.status = CoverProposalStatus.ACCEPTED
    locked.trip = trip
    locked.save(update_fields=["status", "trip"])
    return locked


@transaction.atomic
def cover_proposal_dismiss(*, proposal, by_user):
    locked = _locked_proposal(proposal, by_user)
    if locked.status != CoverProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been answered."))
    locked.status = CoverProposalStatus.DISMISSED
    locked.save(update_fields=["status"])
    return locked


def cover_proposal_invite(*, proposal, by_user):
    """Invite the proposed physician to the trip drafted for their stay (once it is open)."""
    if proposal.trip_id is None:
        raise ValidationError(_("Accept the proposal first: it drafts the trip to invite to."))
    return trip_invitation_create(trip=proposal.trip, physician=proposal.physician, invited_by=by_user)

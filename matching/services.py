"""Writes for match rounds: preferences, organization rankings, running a round."""

import gc
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import ACTIVE_APPLICATION_STATUSES, Application, ApplicationStatus
from applications.services import application_decide
from physicians.models import PhysicianProfile
from trips.models import Trip, TripSpecialtyNeed, TripStatus

from .engine import scope_of_practice_codes
from .engine.rounds import run_round
from .generation import engine_input_changed
from .models import (
    MAX_PREFERENCES,
    CoupleLink,
    MatchAssignment,
    MatchPreference,
    MatchRound,
    RoundStatus,
    TripApplicantRanking,
)
from .round_reads import round_columns
from .round_writes import assignments_write


@transaction.atomic
def match_preferences_set(*, match_round, physician, trip_ids, today=None):
    """Replace a physician's ranked trips for an open round (best first), until the round's
    preference deadline. Trips the round could never give this physician because they
    would practise beyond their training or licence are refused, with the engine's own rule."""
    today = today or timezone.localdate()
    if match_round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is closed: its results are published."))
    if match_round.preference_deadline is not None and today > match_round.preference_deadline:
        raise ValidationError(
            _("Preferences for this round were due on %(date)s.")
            % {"date": date_format(match_round.preference_deadline, "DATE_FORMAT")}
        )
    trip_ids = list(trip_ids)
    if len(trip_ids) > MAX_PREFERENCES:
        raise ValidationError({"trip_ids": _("Rank at most %(n)d trips.") % {"n": MAX_PREFERENCES}})
    if len(set(trip_ids)) != len(trip_ids):
        raise ValidationError({"trip_ids": _("Each trip can appear only once.")})
    public = {
        trip.pk: trip
        for trip in Trip.objects.accepting_applications(today)
        .filter(pk__in=trip_ids)
        .only("pk", "title", "accepted_training_levels", "supervision_provided")
    }
    unknown = [pk for pk in trip_ids if pk not in public]
    if unknown:
        raise ValidationError({"trip_ids": _("These trips are not open for applications: %(ids)s") % {"ids": unknown}})
    # The rule applying uses: training level and licence, against the trip's supervision.
    beyond_scope = [public[pk].title for pk in trip_ids if scope_of_practice_codes(physician, public[pk])]
    if beyond_scope:
        raise ValidationError(
            {
                "trip_ids": _(
                    "These trips do not take volunteers at your training level or licence status without "
                    "supervision: %(trips)s"
                )
                % {"trips": ", ".join(beyond_scope)}
            }
        )
    MatchPreference.objects.filter(match_round=match_round, physician=physician).delete()
    MatchPreference.objects.bulk_create(
        [
            MatchPreference(match_round=match_round, physician=physician, trip_id=trip_id, rank=rank)
            for rank, trip_id in enumerate(trip_ids, start=1)
        ]
    )


@transaction.atomic
def trip_ranking_set(*, match_round, trip, physician_ids):
    """Replace an organization's order of the physicians who ranked its trip."""
    if match_round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is closed: its results are published."))
    physician_ids = list(physician_ids)
    if len(set(physician_ids)) != len(physician_ids):
        raise ValidationError({"physician_ids": _("Each physician can appear only once.")})
    applicants = set(
        MatchPreference.objects.filter(match_round=match_round, trip=trip).values_list("physician_id", flat=True)
    )
    strangers = [pk for pk in physician_ids if pk not in applicants]
    if strangers:
        raise ValidationError({"physician_ids": _("Only physicians who ranked this trip can be ranked.")})
    TripApplicantRanking.objects.filter(match_round=match_round, trip=trip).delete()
    TripApplicantRanking.objects.bulk_create(
        [
            TripApplicantRanking(match_round=match_round, trip=trip, physician_id=pk, rank=rank)
            for rank, pk in enumerate(physician_ids, start=1)
        ]
    )


def _no_progress(phase, done=None, total=None):
    """The progress hook when nobody watches (see matching.progress.RoundJobProgress)."""


@contextmanager
def _cyclic_gc_paused():
    """Pause Python's cyclic garbage collector. A national round builds millions of small
    tuples, lists and frozen dataclasses that form no cycles, and the collector, triggered
    by allocations, would rescan the whole growing heap over and over (about a quarter of
    the round's time at full scale). Reference counting still frees everything; the
    collector resumes afterwards and takes any cycle then."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@transaction.atomic
def match_round_run(*, match_round, run_by=None, today=None, progress=_no_progress):
    """Run (or re-run) a round: deferred acceptance over the stored preferences and the
    places still open (places - places filled), results replacing any earlier ones
    atomically. Deterministic, so re-running the same input gives the same assignments.
    The assignments hold no place until `match_round_finalise`; a finalised round cannot
    run again. `progress(phase)` is called as each phase begins: reading, ordering,
    matching, writing."""
    today = today or timezone.localdate()
    locked = MatchRound.objects.select_for_update().get(pk=match_round.pk)
    if locked.is_finalised:
        raise ValidationError(
            _("%(round)s is finalised: its places are taken, so it cannot run again.") % {"round": locked}
        )
    with _cyclic_gc_paused():
        progress("reading")
        columns = round_columns(locked, today, progress)
        progress("matching")
        result = run_round(columns)
    progress("writing")
    MatchAssignment.objects.filter(match_round=locked).delete()
    assignments_write(locked, columns, result)
    locked.status = RoundStatus.COMPLETED
    locked.run_at = timezone.now()
    locked.run_by = run_by
    locked.summary = {
        "physicians": len(columns.physicians),
        "matched": len(result.assignments),
        "unmatched": len(result.unmatched),
        "places": columns.places,
        "couples_apart": len(result.couples_apart),
    }
    locked.save(update_fields=["status", "run_at", "run_by", "summary"])
    match_round.status, match_round.summary = locked.status, locked.summary
    return result


@transaction.atomic
def match_round_finalise(*, match_round, finalised_by, progress=_no_progress):
    """Turn a run round's assignments into accepted applications that fill their places.

    All or nothing, under row locks: the round, then every places row it fills (in a fixed
    order, so two rounds finalising at once cannot deadlock), then the physicians' active
    applications to those trips. If an ordinary application took a place after the round
    ran, nothing is written and the error names the trips: re-run the round (it uses the
    places still open) and finalise again. Each place is taken by `application_decide`,
    exactly as an organization accepting an application would, so the physician is emailed
    and given a checklist; their emails are written to the outbox in this transaction and
    sent once it commits. `progress` is told the phase (checking, then accepting with the
    places accepted so far). Returns the number of places filled."""
    progress("checking")
    locked = MatchRound.objects.select_for_update().get(pk=match_round.pk)
    if locked.is_finalised:
        raise ValidationError(_("%(round)s is already finalised.") % {"round": locked})
    if locked.status != RoundStatus.COMPLETED:
        raise ValidationError(_("Run %(round)s before finalising it.") % {"round": locked})
    assignments = list(
        MatchAssignment.objects.filter(match_round=locked)
        .select_related("trip", "specialty")
        .order_by("trip_id", "specialty_id", "physician_id")
    )
    trip_ids = sorted({a.trip_id for a in assignments})
    needs = {
        (need.trip_id, need.specialty_id): need
        for need in TripSpecialtyNeed.objects.select_for_update().filter(trip_id__in=trip_ids).order_by("pk")
    }
    active = {
        (application.physician_id, application.trip_id): application
        for application in Application.objects.select_for_update()
        .filter(trip_id__in=trip_ids, physician_id__in=[a.physician_id for a in assignments])
        .filter(status__in=ACTIVE_APPLICATION_STATUSES)
        .order_by("pk")
    }

    def already_accepted(assignment):
        application = active.get((assignment.physician_id, assignment.trip_id))
        return application is not None and application.status == ApplicationStatus.ACCEPTED

    # A physician already accepted on the trip holds a place: the round's second one is not taken.
    to_fill = [a for a in assignments if not already_accepted(a)]
    wanted = {}
    for assignment in to_fill:
        key = (assignment.trip_id, assignment.specialty_id)
        wanted[key] = wanted.get(key, 0) + 1
    short = set()
    for assignment in to_fill:
        key = (assignment.trip_id, assignment.specialty_id)
        need = needs.get(key)
        if need is None or need.places - need.places_filled < wanted[key]:
            short.add(f"{assignment.trip.title} ({assignment.specialty.name})")
    short = sorted(short)
    closed = sorted({a.trip.title for a in to_fill if a.trip.status != TripStatus.OPEN})
    if closed:
        raise ValidationError(
            _("These trips are no longer open: %(trips)s. Run %(round)s again, then finalise it.")
            % {"round": locked, "trips": "; ".join(closed)}
        )
    if short:
        raise ValidationError(
            _("Places were taken since %(round)s ran: %(trips)s. Run the round again, then finalise it.")
            % {"round": locked, "trips": "; ".join(short)}
        )
    note = _("Matched in %(round)s") % {"round": locked.name}
    step = max(1, len(to_fill) // 100)
    for accepted, assignment in enumerate(to_fill):
        if accepted % step == 0:
            progress("accepting", accepted, len(to_fill))
        application = active.get((assignment.physician_id, assignment.trip_id))
        if application is None:
            application = Application.objects.create(
                physician_id=assignment.physician_id,
                trip_id=assignment.trip_id,
                specialty_id=assignment.specialty_id,
                note=note,
            )
        elif application.specialty_id != assignment.specialty_id:
            # The round placed them in another of their specialties than they applied in.
            application.specialty_id = assignment.specialty_id
            application.save(update_fields=["specialty", "updated_at"])
        application_decide(
            application=application, decision=ApplicationStatus.ACCEPTED, decided_by=finalised_by, note=note
        )
    locked.finalised_at = timezone.now()
    locked.finalised_by = finalised_by
    locked.save(update_fields=["finalised_at", "finalised_by"])
    engine_input_changed()
    match_round.finalised_at, match_round.finalised_by = locked.finalised_at, locked.finalised_by
    return len(to_fill)


def _lock_physicians(*pks):
    """Lock both physicians' rows, in id order, so two couple requests or confirmations
    touching the same people run one after the other."""
    list(PhysicianProfile.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))


def _in_confirmed_couple(*pks):
    return CoupleLink.objects.filter(confirmed=True).filter(Q(physician_id__in=pks) | Q(partner_id__in=pks)).exists()


@transaction.atomic
def couple_request(*, physician, partner_email):
    """Ask another physician (by their account email) to be matched together.

    Whether the address belongs to a physician is never revealed: the caller gets the same
    answer either way (the link, or None when nothing was asked because no physician uses
    the address or that physician already travels as a couple). Asking someone who has
    already asked you confirms their request rather than adding a second, mirrored one."""
    email = partner_email.strip()
    if email.lower() == (physician.user.email or "").lower():
        raise ValidationError({"partner_email": _("That is your own address.")})
    # Only about the asker, so checked before the address is even looked up.
    if _in_confirmed_couple(physician.pk):
        raise ValidationError({"partner_email": _("You already travel as a couple.")})
    partner = PhysicianProfile.objects.filter(user__email__iexact=email).exclude(pk=physician.pk).first()
    if partner is None:
        return None
    _lock_physicians(physician.pk, partner.pk)
    if _in_confirmed_couple(physician.pk, partner.pk):
        return None
    mirrored = CoupleLink.objects.filter(physician=partner, partner=physician).first()
    if mirrored is not None:
        return _couple_confirm_locked(mirrored)
    link, _created = CoupleLink.objects.get_or_create(physician=physician, partner=partner)
    return link


@transaction.atomic
def couple_confirm(*, link, by_physician):
    """The invited partner confirms. A physician travels in at most one confirmed couple:
    confirming withdraws every other pending request or invitation of either of them."""
    if link.partner_id != by_physician.pk:
        raise ValidationError(_("Only the invited partner can confirm."))
    _lock_physicians(link.physician_id, link.partner_id)
    locked = CoupleLink.objects.filter(pk=link.pk).first()
    if locked is None:
        raise ValidationError(_("This request is no longer open."))
    confirmed = _couple_confirm_locked(locked)
    link.confirmed = confirmed.confirmed
    return confirmed


def _couple_confirm_locked(link):
    if link.confirmed:
        return link
    pair = (link.physician_id, link.partner_id)
    if _in_confirmed_couple(*pair):
        raise ValidationError(_("One of you already travels as a couple with someone else."))
    link.confirmed = True
    link.save(update_fields=["confirmed"])
    CoupleLink.objects.filter(confirmed=False).filter(Q(physician_id__in=pair) | Q(partner_id__in=pair)).delete()
    try:
        # The one-to-one pointers are the database's own check of "one couple each".
        with transaction.atomic():
            PhysicianProfile.objects.filter(pk=link.physician_id).update(couple_partner_id=link.partner_id)
            PhysicianProfile.objects.filter(pk=link.partner_id).update(couple_partner_id=link.physician_id)
    except IntegrityError:
        raise ValidationError(_("One of you already travels as a couple with someone else.")) from None
    return link

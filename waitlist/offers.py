"""Making waitlist offers when a place frees. Called by the application services inside
their transaction (withdrawal, decline after acceptance) and by the waitlist services (an
offer declined or lapsed). Imports no service that calls it back."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationDecision, ApplicationStatus
from matching.engine import rank_applicants_of_trips
from matching.models import TripApplicantRanking
from matching.physician_reads import volunteer_profiles_from_rows
from matching.trip_offer_reads import trip_offer_of
from notifications.services import email_enqueue
from trips.models import Trip, TripSpecialtyNeed, TripStatus

from .models import DEFAULT_OFFER_HOURS, OfferStatus, WaitlistOffer, WaitlistSettings

# Places are offered only while the organization can still decide applications.
OFFERING_TRIP_STATUSES = (TripStatus.OPEN, TripStatus.CLOSED)


def waitlist_order(*, trip, applications, today=None):
    """Waitlisted applications best first: the organization's own order (its latest ranking of
    the trip's applicants), then the engine's reverse ranking, then the order they were
    waitlisted in."""
    applications = list(applications)
    ranking = {}
    latest = (
        TripApplicantRanking.objects.filter(trip=trip)
        .order_by("-match_round_id")
        .values_list("match_round_id", flat=True)
        .first()
    )
    if latest is not None:
        ranking = dict(
            TripApplicantRanking.objects.filter(trip=trip, match_round_id=latest).values_list("physician_id", "rank")
        )
    engine = {}
    unranked = [a.physician_id for a in applications if a.physician_id not in ranking]
    if unranked:
        volunteers = volunteer_profiles_from_rows(unranked)
        offer = trip_offer_of(trip.pk)
        order = rank_applicants_of_trips(
            [(offer, [volunteers[p] for p in sorted(unranked) if p in volunteers])], today=today or timezone.localdate()
        )
        engine = {physician_id: position for position, physician_id in enumerate(order.get(trip.pk, []))}
    waitlisted_at = dict(
        ApplicationDecision.objects.filter(
            application__in=[a.pk for a in applications], to_status=ApplicationStatus.WAITLISTED
        ).values_list("application_id", "decided_at")
    )
    never = len(applications) + 1

    def key(application):
        return (
            ranking.get(application.physician_id, never),
            engine.get(application.physician_id, never),
            waitlisted_at.get(application.pk) or application.created_at,
            application.pk,
        )

    return sorted(applications, key=key)


def waitlist_offers_make(*, trip_id, specialty_id, now=None):
    """Offer each place of the specialty that is neither filled nor already offered to the
    next waitlisted applicant who has had no offer for it, unless the trip's automatic offers
    are off. Locks the places row first, as accepting does, so two frees at once cannot offer
    one place twice. The applicant and the organization are told. Returns the offers made."""
    now = now or timezone.now()
    need = TripSpecialtyNeed.objects.select_for_update().filter(trip_id=trip_id, specialty_id=specialty_id).first()
    if need is None:
        return []
    trip = Trip.objects.select_related("organization").get(pk=trip_id)
    if trip.status not in OFFERING_TRIP_STATUSES or trip.start_date <= timezone.localdate(now):
        return []
    settings = WaitlistSettings.objects.filter(trip=trip).first()
    if settings is not None and not settings.automatic_offers:
        return []
    hours = settings.offer_hours if settings else DEFAULT_OFFER_HOURS
    open_offers = WaitlistOffer.objects.filter(trip_id=trip_id, specialty_id=specialty_id, status=OfferStatus.OPEN)
    free = need.places - need.places_filled - open_offers.count()
    if free <= 0:
        return []
    candidates = (
        Application.objects.filter(trip_id=trip_id, specialty_id=specialty_id, status=ApplicationStatus.WAITLISTED)
        .exclude(Exists(WaitlistOffer.objects.filter(application=OuterRef("pk"))))
        .select_related("physician__user")
    )
    offers = []
    for application in waitlist_order(trip=trip, applications=candidates)[:free]:
        offer = WaitlistOffer.objects.create(
            application=application,
            trip=trip,
            specialty_id=specialty_id,
            offered_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        with translation.override(application.physician.user.language):
            email_enqueue(
                to=application.physician.user.email,
                subject=_("A place on %(trip)s is yours if you want it") % {"trip": trip.title},
                template="emails/waitlist_offer.txt",
                context={"offer": offer, "application": application, "trip": trip},
            )
        for email, language in trip.organization.memberships.values_list("user__email", "user__language"):
            with translation.override(language):
                email_enqueue(
                    to=email,
                    subject=_("A freed place on %(trip)s was offered to %(name)s")
                    % {"trip": trip.title, "name": application.physician.display_name},
                    template="emails/waitlist_offer_organization.txt",
                    context={"offer": offer, "application": application, "trip": trip},
                )
        offers.append(offer)
    return offers


def waitlist_application_left(*, application, freed_place):
    """An application left the waitlist (accepted, declined, withdrawn) or freed its place:
    its open offer, if any, is cancelled, and the places then free are offered on."""
    cancelled = 0
    if application.status != ApplicationStatus.WAITLISTED:
        cancelled = WaitlistOffer.objects.filter(application=application, status=OfferStatus.OPEN).update(
            status=OfferStatus.CANCELLED, decided_at=timezone.now()
        )
    if freed_place or cancelled:
        return waitlist_offers_make(trip_id=application.trip_id, specialty_id=application.specialty_id)
    return []

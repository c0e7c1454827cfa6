"""Waitlist offers: a freed place goes to the next waitlisted applicant with a deadline;
accepting fills it under the row locks; a lapsed or declined offer moves on; organizations can
switch automatic offers off; concurrency on PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.services import application_create, application_decide, application_withdraw
from matching.models import MatchRound, TripApplicantRanking
from notifications.models import OutboundEmail
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripSpecialtyNeed
from trips.services import trip_save
from waitlist.models import OfferStatus, WaitlistOffer, WaitlistSettings
from waitlist.services import waitlist_offer_accept, waitlist_offer_decline, waitlist_offers_lapse

FAMILY = "family-medicine"


def apply(physician, trip):
    return application_create(physician=physician, trip=trip, specialty=common_specialty(FAMILY))


def full_trip_with_waitlist(places=1, waitlisted=2):
    organization = OrganizationFactory(verified=True)
    member = MembershipFactory(organization=organization).user
    trip = TripFactory(open=True, organization=organization, needs={FAMILY: places})
    applications = [apply(PhysicianProfileFactory(), trip) for _ in range(places + waitlisted)]
    accepted, queue = applications[:places], applications[places:]
    for application in accepted:
        application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    for application in queue:
        application_decide(application=application, decision=ApplicationStatus.WAITLISTED, decided_by=member)
    return trip, member, accepted, queue


@pytest.mark.django_db
def test_a_withdrawal_offers_the_place_to_the_first_waitlisted_with_a_72_hour_deadline():
    trip, member, [accepted], queue = full_trip_with_waitlist()
    before = timezone.now()
    application_withdraw(application=accepted, by_user=accepted.physician.user)
    [offer] = WaitlistOffer.objects.all()
    assert offer.application in queue and offer.status == OfferStatus.OPEN
    assert timedelta(hours=71, minutes=59) < offer.expires_at - before <= timedelta(hours=72, minutes=1)
    assert OutboundEmail.objects.filter(
        to=offer.application.physician.user.email, subject__contains="is yours"
    ).exists()
    assert OutboundEmail.objects.filter(to=member.email, subject__contains="was offered").exists()
    # Accepting fills the place.
    waitlist_offer_accept(offer=offer, by_user=offer.application.physician.user)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert Application.objects.get(pk=offer.application_id).status == ApplicationStatus.ACCEPTED
    assert TripSpecialtyNeed.objects.get(trip=trip).places_filled == 1
    assert WaitlistOffer.objects.filter(status=OfferStatus.OPEN).count() == 0


@pytest.mark.django_db
def test_declining_an_accepted_volunteer_frees_the_place_too():
    trip, member, [accepted], queue = full_trip_with_waitlist()
    application_decide(application=accepted, decision=ApplicationStatus.DECLINED, decided_by=member)
    assert WaitlistOffer.objects.filter(status=OfferStatus.OPEN).count() == 1


@pytest.mark.django_db
def test_raising_places_offers_the_new_ones():
    trip, member, _accepted, queue = full_trip_with_waitlist(places=1, waitlisted=3)
    trip_save(organization=trip.organization, trip=trip, values={}, needs=[(common_specialty(FAMILY), 3)])
    assert {o.application_id for o in WaitlistOffer.objects.filter(status=OfferStatus.OPEN)} < {a.pk for a in queue}
    assert WaitlistOffer.objects.filter(status=OfferStatus.OPEN).count() == 2


@pytest.mark.django_db
def test_a_lapsed_offer_moves_to_the_next_and_a_declined_one_too():
    trip, member, [accepted], [first, second] = full_trip_with_waitlist()
    application_withdraw(application=accepted, by_user=accepted.physician.user)
    offer = WaitlistOffer.objects.get(status=OfferStatus.OPEN)
    offered_first = offer.application
    assert waitlist_offers_lapse(now=offer.expires_at - timedelta(minutes=1)) == 0
    assert waitlist_offers_lapse(now=offer.expires_at) == 1
    assert waitlist_offers_lapse(now=offer.expires_at) == 0
    offer.refresh_from_db()
    assert offer.status == OfferStatus.LAPSED
    with pytest.raises(ValidationError):
        waitlist_offer_accept(offer=offer, by_user=offered_first.physician.user)
    [next_offer] = WaitlistOffer.objects.filter(status=OfferStatus.OPEN)
    assert next_offer.application != offered_first
    assert OutboundEmail.objects.filter(to=offered_first.physician.user.email, subject__contains="lapsed").exists()
    waitlist_offer_decline(offer=next_offer, by_user=next_offer.application.physician.user)
    # Both waitlisted applicants have had their offer: nobody is left to offer to.
    assert WaitlistOffer.objects.filter(status=OfferStatus.OPEN).count() == 0


@pytest.mark.django_db
def test_only_the_applicant_answers_an_offer():
    trip, member, [accepted], queue = full_trip_with_waitlist()
    application_withdraw(application=accepted, by_user=accepted.physician.user)
    offer = WaitlistOffer.objects.get()
    for user in (member, accepted.physician.user):
        with pytest.raises(PermissionDenied):
            waitlist_offer_accept(offer=offer, by_user=user)


@pytest.mark.django_db
def test_automatic_offers_can_be_switched_off_per_trip(client):
    trip, member, [accepted], queue = full_trip_with_waitlist()
    url = reverse("waitlist:trip-settings", args=[trip.pk])
    client.force_login(accepted.physician.user)
    assert client.post(url, {"offer_hours": "24"}).status_code == 404
    client.force_login(member)
    assert client.post(url, {"offer_hours": "0"}).status_code == 200  # a form error, not a 500
    assert client.post(url, {"offer_hours": "24"}).status_code == 302  # unticked: automatic offers off
    assert WaitlistSettings.objects.get(trip=trip).automatic_offers is False
    application_withdraw(application=accepted, by_user=accepted.physician.user)
    assert not WaitlistOffer.objects.exists()


@pytest.mark.django_db
def test_the_organizations_own_order_comes_first():
    trip, member, [accepted], [first, second] = full_trip_with_waitlist()
    round_ = MatchRound.objects.create(name="Spring")
    TripApplicantRanking.objects.create(match_round=round_, trip=trip, physician=second.physician, rank=1)
    TripApplicantRanking.objects.create(match_round=round_, trip=trip, physician=first.physician, rank=2)
    application_withdraw(application=accepted, by_user=accepted.physician.user)
    assert WaitlistOffer.objects.get().application == second


@pytest.mark.django_db
def test_the_physician_accepts_through_the_page(client):
    trip, member, [accepted], queue = full_trip_with_waitlist()
    application_withdraw(application=accepted, by_user=accepted.physician.user)
    offer = WaitlistOffer.objects.get()
    other = [a for a in queue if a != offer.application][0]
    client.force_login(other.physician.user)
    assert client.post(reverse("waitlist:answer", args=[offer.pk]), {"answer": "accept"}).status_code == 404
    client.force_login(offer.application.physician.user)
    assert trip.title in client.get(reverse("waitlist:mine")).content.decode()
    assert client.post(reverse("waitlist:answer", args=[offer.pk]), {"answer": "accept"}).status_code == 302
    offer.application.refresh_from_db()
    assert offer.application.status == ApplicationStatus.ACCEPTED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_frees_and_accepts_never_overfill():
    """Three accepted volunteers withdraw at once while offered applicants accept: every
    freed place is offered once and the trip never holds more than its places."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs the suite there too)")
    trip, member, accepted, queue = full_trip_with_waitlist(places=3, waitlisted=6)
    barrier = threading.Barrier(3)
    errors = []

    def withdraw(application):
        try:
            barrier.wait()
            application_withdraw(application=application, by_user=application.physician.user)
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw, args=(a,)) for a in accepted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    offers = list(WaitlistOffer.objects.filter(status=OfferStatus.OPEN))
    assert len(offers) == 3 and len({o.application_id for o in offers}) == 3
    results, barrier = [], threading.Barrier(len(offers) * 2)

    def answer(offer):
        try:
            barrier.wait()
            waitlist_offer_accept(offer=offer, by_user=offer.application.physician.user)
            results.append("accepted")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    # Each offer answered twice at once (a double click): one acceptance each.
    threads = [threading.Thread(target=answer, args=(o,)) for o in offers for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("accepted") == 3 and results.count("refused") == 3
    assert TripSpecialtyNeed.objects.get(trip=trip).places_filled == 3
    assert Application.objects.filter(trip=trip, status=ApplicationStatus.ACCEPTED).count() == 3

"""The applicant's answer to a waitlist offer, and the scheduled lapse of unanswered offers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from applications.services import application_decide
from notifications.services import email_enqueue

from .models import OfferStatus, WaitlistOffer
from .offers import waitlist_offers_make


def _locked_open_offer(offer, by_user, now):
    locked = (
        WaitlistOffer.objects.select_for_update()
        .select_related("application__physician__user", "trip__organization")
        .get(pk=offer.pk)
    )
    if locked.application.physician.user_id != by_user.pk:
        raise PermissionDenied(_("Only the applicant answers this offer."))
    if locked.status != OfferStatus.OPEN or locked.expires_at <= now:
        raise ValidationError(_("This offer is no longer open."))
    return locked


@transaction.atomic
def waitlist_offer_accept(*, offer, by_user, now=None):
    """The applicant takes the offered place: accepted through application_decide, under the
    same row locks as any acceptance (so the place cannot be taken twice)."""
    now = now or timezone.now()
    locked = _locked_open_offer(offer, by_user, now)
    if locked.application.status != ApplicationStatus.WAITLISTED:
        raise ValidationError(_("This application is no longer on the waitlist."))
    application_decide(
        application=locked.application,
        decision=ApplicationStatus.ACCEPTED,
        decided_by=by_user,
        note=_("Accepted the waitlist offer"),
    )
    locked.status, locked.decided_at = OfferStatus.ACCEPTED, now
    locked.save(update_fields=["status", "decided_at"])
    for email, language in locked.trip.organization.memberships.values_list("user__email", "user__language"):
        with translation.override(language):
            email_enqueue(
                to=email,
                subject=_("%(name)s took the freed place on %(trip)s")
                % {"name": locked.application.physician.display_name, "trip": locked.trip.title},
                template="emails/waitlist_offer_answered.txt",
                context={"offer": locked},
            )
    return locked


@transaction.atomic
def waitlist_offer_decline(*, offer, by_user, now=None):
    """The applicant lets the place go; it is offered to the next one."""
    now = now or timezone.now()
    locked = _locked_open_offer(offer, by_user, now)
    locked.status, locked.decided_at = OfferStatus.DECLINED, now
    locked.save(update_fields=["status", "decided_at"])
    waitlist_offers_make(trip_id=locked.trip_id, specialty_id=locked.specialty_id, now=now)
    return locked


def waitlist_offers_lapse(*, now=None):
    """Open offers past their deadline lapse (the applicant is told) and move to the next
    waitlisted applicant. Each under a row lock, safe to run twice. Returns how many lapsed.
    Run hourly by the beat task `waitlist.lapse_offers`."""
    now = now or timezone.now()
    lapsed = 0
    due = WaitlistOffer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            offer = (
                WaitlistOffer.objects.select_for_update()
                .select_related("application__physician__user", "trip")
                .filter(pk=pk, status=OfferStatus.OPEN)
                .first()
            )
            if offer is None:
                continue
            offer.status, offer.decided_at = OfferStatus.LAPSED, now
            offer.save(update_fields=["status", "decided_at"])
            with translation.override(offer.application.physician.user.language):
                email_enqueue(
                    to=offer.application.physician.user.email,
                    subject=_("The offered place on %(trip)s has lapsed") % {"trip": offer.trip.title},
                    template="emails/waitlist_offer_lapsed.txt",
                    context={"offer": offer},
                )
            waitlist_offers_make(trip_id=offer.trip_id, specialty_id=offer.specialty_id, now=now)
            lapsed += 1
    return lapsed

"""References: the physician names referees; the organization asks them through private,
expiring, single-use links; the referee answers without an account."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import ACTIVE_APPLICATION_STATUSES
from notifications.services import email_enqueue
from organizations.rules import is_member_of

from .models import MAX_REFEREES, Referee, ReferenceRequest

REFERENCE_LINK_DAYS = 14


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def referees_set(*, physician, referees):
    """Replace the physician's referees with `referees` (at most two dicts of name, email,
    relationship), keeping the rows whose position stays so requests already sent remain."""
    if len(referees) > MAX_REFEREES:
        raise ValidationError(_("Name at most two referees."))
    kept = []
    for position, data in enumerate(referees, start=1):
        referee, _created = Referee.objects.update_or_create(physician=physician, position=position, defaults=data)
        kept.append(referee)
    Referee.objects.filter(physician=physician, position__gt=len(referees)).delete()
    return kept


def reference_requests_send(*, application, by_user, now=None):
    """A member of the trip's organization asks each of the applicant's referees, once per
    application, through a link valid REFERENCE_LINK_DAYS days. Returns the requests created."""
    now = now or timezone.now()
    if not is_member_of(by_user, application.trip.organization_id):
        raise PermissionDenied(_("Only the trip's organization asks for references."))
    if application.status not in ACTIVE_APPLICATION_STATUSES:
        raise ValidationError(_("References are asked for active applications only."))
    referees = list(Referee.objects.filter(physician_id=application.physician_id))
    if not referees:
        raise ValidationError(_("The applicant has not named referees yet."))
    created = []
    for referee in referees:
        token = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                request = ReferenceRequest.objects.create(
                    referee=referee,
                    application=application,
                    token_hash=token_hash(token),
                    requested_by=by_user,
                    expires_at=now + timedelta(days=REFERENCE_LINK_DAYS),
                )
                with translation.override(application.physician.user.language):
                    email_enqueue(
                        to=referee.email,
                        subject=_("A reference for %(name)s") % {"name": application.physician.display_name},
                        template="emails/reference_request.txt",
                        context={
                            "request": request,
                            "application": application,
                            "url": reverse("references:answer", kwargs={"token": token}),
                            "days": REFERENCE_LINK_DAYS,
                        },
                    )
        except IntegrityError:
            continue  # this referee was already asked for this application
        created.append(request)
    return created


def reference_request_open(*, token, now=None):
    """The request behind a link if it is still open; None if unknown, expired or used."""
    now = now or timezone.now()
    return (
        ReferenceRequest.objects.select_related("referee__physician", "application__trip__organization")
        .filter(token_hash=token_hash(token), answered_at__isnull=True, expires_at__gt=now)
        .first()
    )


@transaction.atomic
def reference_answer(*, token, answers, now=None):
    """Record the referee's answers; the link closes on first use (claimed under a row lock)."""
    now = now or timezone.now()
    request = (
        ReferenceRequest.objects.select_for_update()
        .filter(token_hash=token_hash(token), answered_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if request is None:
        raise ValidationError(_("This link has expired or has already been used."))
    for field, value in answers.items():
        setattr(request, field, value)
    request.answered_at = now
    request.save()
    return request

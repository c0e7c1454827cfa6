"""Email through an outbox: enqueue inside the business transaction, deliver after commit,
retry what failed with `manage.py send_pending_emails` (cron)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def email_enqueue(*, to, subject, template, context=None):
    """Queue one email rendered from `template` (plain text) and try to send it once the
    surrounding transaction commits. Returns the queued row."""
    body = render_to_string(template, {"site_url": settings.SITE_URL, **(context or {})})
    email = OutboundEmail.objects.create(to=to, subject=subject, body=body)
    transaction.on_commit(lambda: email_deliver(email_id=email.pk))
    return email


def email_deliver(*, email_id):
    """Send one queued email; a failure is logged and left for the retry command."""
    email = OutboundEmail.objects.filter(pk=email_id, sent_at__isnull=True).first()
    if email is None:
        return False
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as error:  # any transport failure: keep the row, try again later
        OutboundEmail.objects.filter(pk=email.pk).update(
            attempts=email.attempts + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        logger.warning("Email %s to %s not sent (attempt %s): %s", email.pk, email.to, email.attempts + 1, error)
        return False
    OutboundEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now(), attempts=email.attempts + 1, last_error="")
    return True


def email_send_pending(*, limit=500):
    """Retry queued emails that have not been sent yet. Returns (sent, failed)."""
    pending = OutboundEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
    sent = failed = 0
    for email_id in list(pending[:limit]):
        if email_deliver(email_id=email_id):
            sent += 1
        else:
            failed += 1
    return sent, failed

"""Email through an outbox: written inside the business transaction, delivered by a task
after commit. A worker claims a row with a conditional UPDATE and a lease before it talks
to SMTP, so an email goes out once per successful claim; failures are retried with backoff
(OUTBOX_RETRY_DELAYS, about 40 hours), a permanent refusal (5xx) goes dead at once, and a
beat sweep hands due rows to workers again (also those whose task never reached the broker)."""

import logging
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.queue import enqueue, enqueue_on_commit

from .models import OutboundEmail

logger = logging.getLogger(__name__)

DELIVER_TASK = "notifications.deliver_email"


def recipient_language(email):
    """The language to write to an address in: its account's, or (for someone without an account,
    such as an invited colleague) the language of whoever is writing."""
    language = get_user_model().objects.filter(email__iexact=email).values_list("language", flat=True).first()
    return language or translation.get_language() or settings.LANGUAGE_CODE


def email_enqueue(*, to, subject, template, context=None):
    """Queue one email rendered from `template` (plain text), delivered once the
    surrounding transaction commits. Returns the queued row."""
    body = render_to_string(template, {"site_url": settings.SITE_URL, **(context or {})})
    return email_enqueue_rendered(to=to, subject=subject, body=body)


def email_enqueue_rendered(*, to, subject, body, html_body="", body_is_secret=False):
    """Queue an email already rendered (allauth's, with an optional HTML part). Returns the row."""
    email = OutboundEmail.objects.create(
        to=to, subject=subject, body=body, html_body=html_body, body_is_secret=body_is_secret
    )
    enqueue_on_commit(DELIVER_TASK, email_id=email.pk)
    return email


def email_deliver(*, email_id, now=None):
    """Claim one queued email and send it. Returns "sent", "retry", "dead" or "skipped"
    (already sent, dead, or claimed by another worker). Safe to call twice at once."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    claimed = (
        OutboundEmail.objects.undelivered()
        .unclaimed(now)
        .filter(pk=email_id)
        .update(claimed_until=now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS), claim_token=token)
    )
    if not claimed:
        return "skipped"
    email = OutboundEmail.objects.get(pk=email_id)
    mine = OutboundEmail.objects.filter(pk=email_id, claim_token=token)
    try:
        _send(email)
    except Exception as error:  # any transport failure: keep the row and decide when to try again
        attempts = email.attempts + 1
        reason = f"{type(error).__name__}: {error}"[:2000]
        delays = settings.OUTBOX_RETRY_DELAYS
        if _is_permanent(error) or attempts > len(delays):
            mine.update(attempts=attempts, last_error=reason, dead_at=timezone.now(), claimed_until=None)
            logger.error("Email %s to %s is dead after %s attempt(s): %s", email.pk, email.to, attempts, reason)
            return "dead"
        mine.update(
            attempts=attempts,
            last_error=reason,
            next_attempt_at=timezone.now() + timedelta(seconds=delays[attempts - 1]),
            claimed_until=None,
        )
        logger.warning("Email %s to %s not sent (attempt %s): %s", email.pk, email.to, attempts, reason)
        return "retry"
    mine.update(sent_at=timezone.now(), attempts=email.attempts + 1, last_error="", claimed_until=None)
    return "sent"


def _send(email):
    message = EmailMultiAlternatives(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send()


def _is_permanent(error):
    """A 5xx answer: the server refused this email for good (unknown mailbox, policy)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def email_sweep(*, limit=1000, now=None):
    """Hand every email that is due (new and never delivered, or waiting out its backoff) to
    a worker. Pushes each one's next attempt a claim's length ahead first, so a sweep
    running every minute does not queue the same email again while it waits in the queue.
    Returns how many were enqueued."""
    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.undelivered()
        .unclaimed(now)
        .filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "next_attempt_at")[:limit]
    )
    later = now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    enqueued = 0
    for email_id, next_attempt_at in due:
        # Conditional: a second sweep at the same moment takes each row only once.
        if OutboundEmail.objects.filter(pk=email_id, next_attempt_at=next_attempt_at).update(next_attempt_at=later):
            enqueue(DELIVER_TASK, email_id=email_id)
            enqueued += 1
    return enqueued


def email_send_pending(*, limit=500):
    """Deliver every undelivered email now, in this process, whatever its backoff
    (`manage.py send_pending_emails`, by hand). Returns (sent, failed)."""
    pending = OutboundEmail.objects.undelivered().values_list("pk", flat=True)
    sent = failed = 0
    for email_id in list(pending[:limit]):
        outcome = email_deliver(email_id=email_id)
        if outcome == "sent":
            sent += 1
        elif outcome != "skipped":
            failed += 1
    return sent, failed


@transaction.atomic
def email_requeue(*, email_ids):
    """Give dead emails a fresh set of attempts (an admin fixed the address or the server).
    Returns how many were re-queued."""
    dead = list(OutboundEmail.objects.dead().filter(pk__in=email_ids).values_list("pk", flat=True))
    OutboundEmail.objects.filter(pk__in=dead).update(
        dead_at=None, attempts=0, next_attempt_at=timezone.now(), claimed_until=None
    )
    for email_id in dead:
        enqueue_on_commit(DELIVER_TASK, email_id=email_id)
    return len(dead)

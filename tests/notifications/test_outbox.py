import pytest
from django.core import mail

from notifications.models import OutboundEmail
from notifications.services import email_enqueue, email_send_pending

pytestmark = pytest.mark.django_db(transaction=True)


def test_email_is_sent_after_commit(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email_enqueue(to="a@example.org", subject="Hello", template="emails/test_message.txt", context={"name": "Ana"})
    assert len(mail.outbox) == 1 and "Ana" in mail.outbox[0].body
    assert OutboundEmail.objects.get().sent_at is not None


def test_a_failing_mail_server_keeps_the_email_for_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens there
    email_enqueue(to="a@example.org", subject="Hello", template="emails/test_message.txt", context={"name": "Ana"})
    queued = OutboundEmail.objects.get()
    assert queued.sent_at is None and queued.attempts == 1 and queued.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_send_pending() == (1, 0)
    assert OutboundEmail.objects.get().sent_at is not None
    assert len(mail.outbox) == 1

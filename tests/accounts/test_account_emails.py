"""allauth's own emails go through the outbox: a refusing mail server never fails the request."""

import pytest
from django.urls import reverse

from notifications.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture
def refusing_smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens there


def test_a_password_reset_with_a_refusing_server_succeeds_and_waits_in_the_outbox(client, refusing_smtp):
    UserFactory(email="ana@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert email.to == "ana@example.org" and email.body_is_secret
    assert email.sent_at is None and email.attempts == 1 and "Connection" in email.last_error
    assert "/accounts/password/reset/key/" in email.body


def test_signing_up_with_a_refusing_server_succeeds_and_the_confirmation_waits(client, refusing_smtp):
    data = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("account_signup"), {**data, "role": "physician", "display_name": "Dr. Ana"})
    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert email.to == "new@example.org" and email.body_is_secret and email.sent_at is None
    assert "/accounts/confirm-email/" in email.body

"""Expiry reminders at 60 and 14 days, once each, with frozen time."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from credentials.services import credential_expiry_reminders_send
from notifications.models import OutboundEmail
from tests.factories import CredentialDocumentFactory

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)


def reminders_for(document):
    return OutboundEmail.objects.filter(to=document.physician.user.email, subject__contains="expires on")


@time_machine.travel("2027-03-01 08:00Z", tick=False)
def test_a_document_is_reminded_at_60_and_at_14_days_once_each():
    document = CredentialDocumentFactory(verified=True, expires_on=TODAY + timedelta(days=61))
    assert credential_expiry_reminders_send() == 0
    with time_machine.travel("2027-03-02 08:00Z", tick=False):  # 60 days left
        assert credential_expiry_reminders_send() == 1
        assert credential_expiry_reminders_send() == 0  # a second run sends nothing
    with time_machine.travel("2027-04-15 08:00Z", tick=False):  # 16 days left
        assert credential_expiry_reminders_send() == 0
    with time_machine.travel("2027-04-17 08:00Z", tick=False):  # 14 days left
        assert credential_expiry_reminders_send() == 1
        assert credential_expiry_reminders_send() == 0
    with time_machine.travel("2027-05-10 08:00Z", tick=False):  # expired
        assert credential_expiry_reminders_send() == 0
        document.refresh_from_db()
        assert not document.is_verified()
    assert reminders_for(document).count() == 2
    assert "14 days" in reminders_for(document).order_by("id").last().body


@time_machine.travel("2027-03-01 08:00Z", tick=False)
def test_a_document_first_seen_inside_14_days_gets_one_reminder():
    document = CredentialDocumentFactory(expires_on=TODAY + timedelta(days=10))
    assert credential_expiry_reminders_send() == 1
    with time_machine.travel("2027-03-05 08:00Z", tick=False):
        assert credential_expiry_reminders_send() == 0
    assert reminders_for(document).count() == 1


@time_machine.travel("2027-03-01 08:00Z", tick=False)
def test_documents_without_expiry_or_already_expired_are_not_reminded():
    CredentialDocumentFactory(expires_on=None)
    CredentialDocumentFactory(issued_on=TODAY - timedelta(days=400), expires_on=TODAY - timedelta(days=1))
    assert credential_expiry_reminders_send() == 0


@time_machine.travel("2027-03-01 08:00Z", tick=False)
def test_the_management_command_sends_them(django_capture_on_commit_callbacks, capsys):
    CredentialDocumentFactory(expires_on=TODAY + timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_credential_reminders")
    assert "Sent 1 credential reminder(s)." in capsys.readouterr().out
    assert len(mail.outbox) == 1
    assert "/credentials/" in mail.outbox[0].body

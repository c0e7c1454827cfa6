from django.core.management.base import BaseCommand

from notifications.services import email_send_pending


class Command(BaseCommand):
    help = (
        "Send the outbox's due emails now, in this process"
        " (beat's notifications.sweep_outbox hands them to the workers every minute)."
    )

    def handle(self, *args, **options):
        sent, failed = email_send_pending()
        self.stdout.write(f"Sent {sent}, still failing {failed}.")

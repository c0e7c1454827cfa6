from django.core.management.base import BaseCommand

from credentials.services import credential_expiry_reminders_send


class Command(BaseCommand):
    help = (
        "Remind physicians of credential documents expiring within 60 and 14 days, once each"
        " (beat runs it daily; this runs it by hand)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {credential_expiry_reminders_send()} credential reminder(s).")

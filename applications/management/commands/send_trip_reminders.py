from django.core.management.base import BaseCommand

from applications.services import trip_start_reminders_send


class Command(BaseCommand):
    help = (
        "Remind accepted volunteers whose trip starts within two weeks of their open checklist items"
        " (beat runs it daily; this runs it by hand)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {trip_start_reminders_send()} trip reminder(s).")

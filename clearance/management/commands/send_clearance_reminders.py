from django.core.management.base import BaseCommand

from clearance.services import clearance_reminders_send


class Command(BaseCommand):
    help = "Remind accepted volunteers who are not cleared as the deadline nears, and flag them after it (daily)."

    def handle(self, *args, **options):
        reminders, flags = clearance_reminders_send()
        self.stdout.write(f"Sent {reminders} clearance reminder(s), flagged {flags} volunteer(s).")

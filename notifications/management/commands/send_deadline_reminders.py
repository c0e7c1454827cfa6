from django.core.management.base import BaseCommand

from notifications.deadline_reminders import saved_trip_deadline_reminders_send


class Command(BaseCommand):
    help = (
        "Remind users once when a trip they saved stops taking applications within a week"
        " (beat runs it daily; this runs it by hand)."
    )

    def handle(self, *args, **options):
        emails = saved_trip_deadline_reminders_send()
        self.stdout.write(f"Queued {emails} deadline reminder(s).")

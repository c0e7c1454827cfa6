from django.core.management.base import BaseCommand

from notifications.new_trip_alerts import saved_search_alerts_send


class Command(BaseCommand):
    help = (
        "Email saved searches the trips published since they were last checked"
        " (beat runs it every 15 minutes; safe to run by hand)."
    )

    def handle(self, *args, **options):
        emails = saved_search_alerts_send()
        self.stdout.write(f"Queued {emails} saved-search email(s).")

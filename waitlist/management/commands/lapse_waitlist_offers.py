from django.core.management.base import BaseCommand

from waitlist.services import waitlist_offers_lapse


class Command(BaseCommand):
    help = (
        "Lapse waitlist offers past their deadline and offer the place to the next applicant"
        " (beat runs it hourly; this runs it by hand)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Lapsed {waitlist_offers_lapse()} waitlist offer(s).")

from django.core.management.base import BaseCommand

from organizations.services import host_feedback_request_for_completed_trips


class Command(BaseCommand):
    help = (
        "Email host partners a private feedback link for each completed trip not yet asked about"
        " (beat runs it daily; this runs it by hand)."
    )

    def handle(self, *args, **options):
        created = host_feedback_request_for_completed_trips()
        self.stdout.write(f"Sent {created} host feedback link(s).")

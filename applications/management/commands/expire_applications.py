from django.core.management.base import BaseCommand

from applications.services import applications_expire_unanswered


class Command(BaseCommand):
    help = (
        "Expire applications left unanswered longer than APPLICATION_EXPIRY_DAYS and tell both sides"
        " (beat runs it daily; this runs it by hand)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Expired {applications_expire_unanswered()} application(s).")

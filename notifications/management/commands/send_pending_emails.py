from django.core.management.base import BaseCommand

from notifications.services import email_send_pending


class Command(BaseCommand):
    help = "Retry emails that could not be sent yet (run from cron every few minutes)."

    def handle(self, *args, **options):
        sent, failed = email_send_pending()
        self.stdout.write(f"Sent {sent}, still failing {failed}.")

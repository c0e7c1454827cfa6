from django.core.management.base import BaseCommand

from conversations.services import conversation_emails_send


class Command(BaseCommand):
    help = (
        "Email parties about new messages, at most one batch per conversation per 15 minutes"
        " (beat runs it every 5 minutes; this runs it by hand)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {conversation_emails_send()} conversation email(s).")

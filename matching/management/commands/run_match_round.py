from django.core.management.base import BaseCommand, CommandError

from matching.models import MatchRound
from matching.services import match_round_run


class Command(BaseCommand):
    help = "Run (or safely re-run) a match round and store its assignments."

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)

    def handle(self, *args, round_id, **options):
        try:
            match_round = MatchRound.objects.get(pk=round_id)
        except MatchRound.DoesNotExist:
            raise CommandError(f"No match round with id {round_id}.")
        match_round_run(match_round=match_round)
        summary = match_round.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Round “{match_round}”: {summary['matched']} of {summary['physicians']} physicians matched "
                f"to {summary['places']} places; {summary['unmatched']} unmatched."
            )
        )

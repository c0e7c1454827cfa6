from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from matching.models import MatchRound
from matching.services import match_round_finalise, match_round_run


class Command(BaseCommand):
    help = (
        "Run (or safely re-run) a match round and store its assignments; with --finalise, "
        "turn the stored assignments into accepted applications that fill the places."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument(
            "--finalise",
            action="store_true",
            help="Finalise the round's stored results instead of running it (the round must have run).",
        )

    def handle(self, *args, round_id, finalise=False, **options):
        try:
            match_round = MatchRound.objects.get(pk=round_id)
        except MatchRound.DoesNotExist:
            raise CommandError(f"No match round with id {round_id}.") from None
        try:
            if finalise:
                filled = match_round_finalise(match_round=match_round, finalised_by=None)
            else:
                match_round_run(match_round=match_round)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if finalise:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Round “{match_round}” is finalised: {filled} places filled by accepted applications."
                )
            )
            return
        summary = match_round.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Round “{match_round}”: {summary['matched']} of {summary['physicians']} physicians matched "
                f"to {summary['places']} places; {summary['unmatched']} unmatched."
            )
        )

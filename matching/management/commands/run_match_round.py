from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from matching.jobs import round_job_create, round_job_execute
from matching.models import MatchRound, RoundJobKind, RoundJobState


class Command(BaseCommand):
    # The system checks import every URLconf and admin (a second of a round's start-up);
    # `manage.py check` and the test suite run them.
    requires_system_checks = []
    help = (
        "Run (or safely re-run) a match round in the foreground and store its assignments; with --finalise, "
        "turn the stored assignments into accepted applications that fill the places. Shows progress on a "
        "terminal; the round's admin page shows it too."
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
        kind = RoundJobKind.FINALISE if finalise else RoundJobKind.RUN
        try:
            job = round_job_create(match_round=match_round, kind=kind)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        # Drawn only on a terminal (tqdm turns itself off otherwise), on stderr beside the result on stdout.
        with tqdm(total=1, unit="step", file=self.stderr._out, disable=None, leave=False) as bar:

            def draw(phase, done, total):
                bar.total = max(total, 1)
                bar.n = done
                bar.set_description(phase)
                bar.refresh()

            job = round_job_execute(job_id=job.pk, on_progress=draw)
        if job.state == RoundJobState.FAILED:
            raise CommandError(job.error)
        if finalise:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Round “{match_round}” is finalised: {job.summary['filled']} places filled by accepted "
                    "applications."
                )
            )
            return
        summary = job.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Round “{match_round}”: {summary['matched']} of {summary['physicians']} physicians matched "
                f"to {summary['places']} places; {summary['unmatched']} unmatched."
            )
        )

"""Writes for round jobs: queueing a run or a finalising for a worker, and carrying one out.

The admin action queues (`round_job_enqueue`) and returns at once; the worker's task calls
`round_job_execute`, which runs the round services with a progress reporter and records
the outcome on the job. The management command creates and executes a job in the
foreground. Executing is idempotent: a job already done or failed is left alone, and a job
found running (its worker died, the broker handed the task out again) is run again from the
start, which replaces the results of a run atomically and which finalising refuses twice."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.queue import enqueue_on_commit

from .models import ACTIVE_JOB_STATES, MatchRound, RoundJob, RoundJobKind, RoundJobState, RoundStatus
from .progress import RoundJobProgress
from .services import match_round_finalise, match_round_run

logger = logging.getLogger(__name__)

EXECUTE_TASK = "matching.execute_round_job"


def round_job_create(*, match_round, kind, requested_by=None):
    """A queued job for `match_round`, refused when the round cannot do it now (finalised,
    not run yet) or already has a job queued or running."""
    match_round = MatchRound.objects.get(pk=match_round.pk)
    if kind == RoundJobKind.RUN and match_round.is_finalised:
        raise ValidationError(
            _("%(round)s is finalised: its places are taken, so it cannot run again.") % {"round": match_round}
        )
    if kind == RoundJobKind.FINALISE:
        if match_round.is_finalised:
            raise ValidationError(_("%(round)s is already finalised.") % {"round": match_round})
        if match_round.status != RoundStatus.COMPLETED:
            raise ValidationError(_("Run %(round)s before finalising it.") % {"round": match_round})
    try:
        with transaction.atomic():
            return RoundJob.objects.create(match_round=match_round, kind=kind, requested_by=requested_by)
    except IntegrityError:
        raise ValidationError(
            _("%(round)s is already queued or running: wait until it has finished.") % {"round": match_round}
        ) from None


@transaction.atomic
def round_job_enqueue(*, match_round, kind, requested_by=None):
    """Queue a run or a finalising of the round for a worker (after commit). Returns the job."""
    job = round_job_create(match_round=match_round, kind=kind, requested_by=requested_by)
    enqueue_on_commit(EXECUTE_TASK, job_id=job.pk)
    return job


def round_job_execute(*, job_id, on_progress=None):
    """Carry out a job: run or finalise its round, reporting the phase as it goes, and
    record done (with the summary) or failed (with the reason). Returns the job, or None
    if it no longer exists."""
    job = RoundJob.objects.select_related("match_round", "requested_by").filter(pk=job_id).first()
    if job is None or not job.is_active:
        return job
    if job.state == RoundJobState.RUNNING:
        logger.warning("Round job %s was left running (worker lost?): running it again", job.pk)
    RoundJob.objects.filter(pk=job.pk, state__in=ACTIVE_JOB_STATES).update(
        state=RoundJobState.RUNNING, started_at=timezone.now(), phase="", done=0, total=0, error=""
    )
    progress = RoundJobProgress(job, also=on_progress)
    try:
        if job.kind == RoundJobKind.RUN:
            match_round_run(match_round=job.match_round, run_by=job.requested_by, progress=progress)
            summary = job.match_round.summary
        else:
            filled = match_round_finalise(match_round=job.match_round, finalised_by=job.requested_by, progress=progress)
            summary = {"filled": filled}
    except ValidationError as error:
        _finish(job, RoundJobState.FAILED, error=" ".join(error.messages))
    except Exception as error:
        _finish(job, RoundJobState.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    else:
        _finish(job, RoundJobState.DONE, summary=summary)
    finally:
        progress.close()
    job.refresh_from_db()
    return job


def _finish(job, state, *, summary=None, error=""):
    now = timezone.now()
    RoundJob.objects.filter(pk=job.pk).update(
        state=state, summary=summary or {}, error=error[:4000], finished_at=now, updated_at=now
    )

"""Writes for round jobs: queueing a run or a finalising for a worker, and carrying one out.

The admin action queues (`round_job_enqueue`) and returns at once; the worker's task calls
`round_job_execute`, which runs the round services with a progress reporter and records
the outcome on the job. A job whose task never reached the broker (it was down) is handed
over again by a sweep. The management command creates and executes a job in the
foreground. Executing is idempotent: a job already done or failed is left alone, and a job
found running (its worker died, the broker handed the task out again) is run again from the
start, which replaces the results of a run atomically and which finalising refuses twice."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.queue import enqueue

from .models import ACTIVE_JOB_STATES, MatchRound, RoundJob, RoundJobKind, RoundJobState, RoundStatus
from .progress import RoundJobProgress
from .services import match_round_finalise, match_round_run

logger = logging.getLogger(__name__)

EXECUTE_TASK = "matching.execute_round_job"
HAND_OVER_AGAIN_AFTER = timedelta(minutes=1)


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
    transaction.on_commit(lambda: _hand_over(job.pk))
    return job


def _hand_over(job_id):
    """Give the job's task to the broker (without one, run it here: eager) and note that the
    broker took it. A broker that cannot be reached leaves the job queued for the sweep."""
    task_id = enqueue(EXECUTE_TASK, job_id=job_id)
    if task_id:
        RoundJob.objects.filter(pk=job_id, state=RoundJobState.QUEUED, task_id="").update(task_id=task_id)


def round_jobs_hand_over_again(*, now=None):
    """Hand to the broker again the queued jobs whose task never reached it, queued at least
    HAND_OVER_AGAIN_AFTER ago (the beat's `matching.sweep_round_jobs`, every minute). A job the
    broker took is never handed over twice: a second task could find it running and run it
    again beside the first. Returns how many were handed over."""
    now = now or timezone.now()
    waiting = RoundJob.objects.filter(
        state=RoundJobState.QUEUED, task_id="", updated_at__lte=now - HAND_OVER_AGAIN_AFTER
    ).values_list("pk", "updated_at")
    handed = 0
    for job_id, updated_at in list(waiting):
        # Conditional: a second sweep at the same moment takes each job once.
        if RoundJob.objects.filter(pk=job_id, task_id="", updated_at=updated_at).update(updated_at=now):
            _hand_over(job_id)
            handed += 1
    return handed


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

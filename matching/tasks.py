"""Celery tasks of match rounds: a job id in, one service call. Running twice is safe
(see matching.jobs); a worker lost mid-round returns the task to the queue."""

from celery import shared_task

from .jobs import round_job_execute, round_jobs_hand_over_again


@shared_task(name="matching.execute_round_job", acks_late=True, reject_on_worker_lost=True)
def execute_round_job(job_id):
    job = round_job_execute(job_id=job_id)
    return job.state if job is not None else None


@shared_task(name="matching.sweep_round_jobs")
def sweep_round_jobs():
    """Queued round jobs whose task never reached the broker, handed over again (beat, every minute)."""
    return round_jobs_hand_over_again()

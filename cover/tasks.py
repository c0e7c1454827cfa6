"""Celery task of cover rounds: a round id in, one service call; safe to run twice."""

from celery import shared_task

from .services import cover_gaps_refresh, cover_round_execute


@shared_task(name="cover.run_cover_round", acks_late=True, reject_on_worker_lost=True)
def run_cover_round(round_id):
    cover_round = cover_round_execute(round_id=round_id)
    return cover_round.state if cover_round is not None else None


@shared_task(name="cover.refresh_gaps", acks_late=True)
def refresh_gaps():
    return cover_gaps_refresh()

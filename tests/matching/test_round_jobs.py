"""Rounds run and finalised as jobs: queued by the admin action, carried out by a task (eagerly
here), with progress on the round's page, refusals, and who may do it."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.services import application_decide
from matching import jobs
from matching.jobs import round_job_create, round_job_enqueue, round_job_execute, round_jobs_hand_over_again
from matching.models import MatchAssignment, RoundJob, RoundJobKind, RoundJobState
from matching.services import match_round_run
from notifications.models import OutboundEmail
from tests.conftest import point_celery_at
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:matching_matchround_changelist"


def round_page(client, match_round):
    return client.get(reverse("admin:matching_matchround_change", args=[match_round.pk])).content.decode()


def test_the_action_queues_and_the_page_follows_the_job_to_its_summary(setting, admin_client):
    match_round = setting[0]
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "run_round", "_selected_action": [match_round.pk]}, follow=True
    )
    assert "is queued" in response.content.decode()
    job = RoundJob.objects.get()
    assert job.state == RoundJobState.QUEUED and MatchAssignment.objects.count() == 0
    page = round_page(admin_client, match_round)
    assert "Queued: waiting for a worker." in page and 'http-equiv="refresh"' in page

    RoundJob.objects.filter(pk=job.pk).update(state=RoundJobState.RUNNING, phase="matching", done=2, total=4)
    page = round_page(admin_client, match_round)
    assert '<progress max="100" value="50">' in page and "Running: matching (50%)" in page

    RoundJob.objects.filter(pk=job.pk).update(state=RoundJobState.QUEUED)
    job = round_job_execute(job_id=job.pk)  # what the worker's task does
    assert job.state == RoundJobState.DONE and job.requested_by.is_superuser
    page = round_page(admin_client, match_round)
    assert "Done: 3 of 3 physicians matched to 3 places; 0 unmatched" in page
    assert 'http-equiv="refresh"' not in page
    assert MatchAssignment.objects.count() == 3


def test_a_second_run_of_a_queued_or_running_round_is_refused(setting, admin_client):
    match_round = setting[0]
    changelist = reverse(CHANGELIST)
    admin_client.post(changelist, {"action": "run_round", "_selected_action": [match_round.pk]})
    for state in (RoundJobState.QUEUED, RoundJobState.RUNNING):
        RoundJob.objects.update(state=state)
        for action in ("run_round", "finalise_round"):
            response = admin_client.post(
                changelist, {"action": action, "_selected_action": [match_round.pk]}, follow=True
            )
            assert "already queued or running" in response.content.decode() or "before finalising" in (
                response.content.decode()
            )
        assert RoundJob.objects.count() == 1
    RoundJob.objects.update(state=RoundJobState.DONE)
    round_job_create(match_round=match_round, kind=RoundJobKind.RUN)  # once it has finished, again
    assert RoundJob.objects.count() == 2


def test_executing_a_job_twice_runs_it_once_and_a_job_left_running_runs_again(setting):
    match_round = setting[0]
    job = round_job_create(match_round=match_round, kind=RoundJobKind.RUN)
    assert round_job_execute(job_id=job.pk).state == RoundJobState.DONE
    finished_at = RoundJob.objects.get().finished_at
    assert round_job_execute(job_id=job.pk).finished_at == finished_at  # a redelivered task: nothing again

    RoundJob.objects.filter(pk=job.pk).update(state=RoundJobState.RUNNING)  # its worker died mid-round
    expected = sorted(MatchAssignment.objects.values_list("physician_id", "trip_id", "specialty_id"))
    assert round_job_execute(job_id=job.pk).state == RoundJobState.DONE
    assert sorted(MatchAssignment.objects.values_list("physician_id", "trip_id", "specialty_id")) == expected


def test_a_refused_finalising_fails_with_the_reason_and_writes_nothing(setting, admin_user, admin_client):
    match_round, popular, _quiet, physicians = setting
    match_round_run(match_round=match_round)
    job = round_job_create(match_round=match_round, kind=RoundJobKind.FINALISE, requested_by=admin_user)
    # An ordinary application takes Popular's only place after the run.

    outsider = ApplicationFactory(trip=popular)
    application_decide(application=outsider, decision=ApplicationStatus.ACCEPTED, decided_by=admin_user)
    job = round_job_execute(job_id=job.pk)
    assert job.state == RoundJobState.FAILED and "Places were taken" in job.error
    assert Application.objects.exclude(pk=outsider.pk).count() == 0
    assert "Failed: Places were taken" in round_page(admin_client, match_round)


def test_finalising_as_a_job_fills_the_places_and_emails_through_the_outbox(setting, admin_user):
    match_round = setting[0]
    match_round_run(match_round=match_round)
    job = round_job_create(match_round=match_round, kind=RoundJobKind.FINALISE, requested_by=admin_user)
    seen = []
    job = round_job_execute(job_id=job.pk, on_progress=lambda phase, done, total: seen.append((phase, done, total)))
    assert job.state == RoundJobState.DONE and job.summary == {"filled": 3}
    assert seen[0][0] == "checking" and ("accepting", 0, 3) in seen and ("accepting", 2, 3) in seen
    assert OutboundEmail.objects.filter(subject__icontains="accepted").count() >= 3


def test_the_command_runs_in_the_foreground_and_refuses_a_running_round(setting):
    match_round = setting[0]
    round_job_enqueue(match_round=match_round, kind=RoundJobKind.RUN)  # queued, no worker took it yet
    with pytest.raises(CommandError, match="already queued or running"):
        call_command("run_match_round", match_round.pk, stdout=io.StringIO())
    RoundJob.objects.update(state=RoundJobState.FAILED)
    out = io.StringIO()
    call_command("run_match_round", match_round.pk, stdout=out)
    assert "3 of 3 physicians matched" in out.getvalue()
    assert RoundJob.objects.filter(state=RoundJobState.DONE, kind=RoundJobKind.RUN).count() == 1


def test_only_staff_who_may_change_rounds_queue_them(setting, client):
    match_round = setting[0]
    action = {"action": "run_round", "_selected_action": [match_round.pk]}
    changelist = reverse(CHANGELIST)
    assert client.post(changelist, action).status_code == 302  # anonymous: to the log-in page
    client.force_login(UserFactory())
    assert client.post(changelist, action).status_code == 302  # not staff: to the log-in page
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_matchround"))
    client.force_login(viewer)
    client.post(changelist, action)
    assert RoundJob.objects.count() == 0
    assert client.get(reverse("admin:matching_roundjob_changelist")).status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_progress_is_readable_from_another_connection_while_the_round_runs(setting):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite's single writer is the round itself")
    match_round = setting[0]
    job = round_job_create(match_round=match_round, kind=RoundJobKind.RUN)
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    seen = []

    def read_elsewhere(phase, done, total):
        with other.cursor() as cursor:
            cursor.execute("SELECT phase, done, total FROM matching_roundjob WHERE id = %s", [job.pk])
            seen.append(cursor.fetchone())
            cursor.execute("SELECT count(*) FROM matching_matchassignment")
            seen.append(cursor.fetchone()[0])

    try:
        assert round_job_execute(job_id=job.pk, on_progress=read_elsewhere).state == RoundJobState.DONE
    finally:
        other.close()
    assert seen == [("reading", 0, 4), 0, ("ordering", 1, 4), 0, ("matching", 2, 4), 0, ("writing", 3, 4), 0]
    assert MatchAssignment.objects.count() == 3


def test_the_add_page_of_a_round_has_no_job_yet(admin_client):
    response = admin_client.get(reverse("admin:matching_matchround_add"))
    assert response.status_code == 200 and 'http-equiv="refresh"' not in response.content.decode()


def test_a_job_queued_while_the_broker_is_down_is_handed_over_again_by_the_sweep(
    setting, admin_client, broker_down, django_capture_on_commit_callbacks
):
    match_round = setting[0]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse(CHANGELIST), {"action": "run_round", "_selected_action": [match_round.pk]})
    job = RoundJob.objects.get()
    assert job.state == RoundJobState.QUEUED and job.task_id == ""
    assert "Queued: waiting for a worker." in round_page(admin_client, match_round)
    assert round_jobs_hand_over_again() == 0  # queued just now: not yet
    a_minute_ago = timezone.now() - jobs.HAND_OVER_AGAIN_AFTER
    RoundJob.objects.update(created_at=a_minute_ago, updated_at=a_minute_ago)
    assert "the task queue could not be reached" in round_page(admin_client, match_round)
    assert round_jobs_hand_over_again() == 1  # tried: the broker is still down
    assert RoundJob.objects.get().task_id == "" and round_jobs_hand_over_again() == 0  # tried a moment ago

    point_celery_at(task_always_eager=True)  # the broker is back (eager stands in for it here)
    RoundJob.objects.update(updated_at=a_minute_ago)
    assert round_jobs_hand_over_again() == 1
    assert RoundJob.objects.get().state == RoundJobState.DONE and MatchAssignment.objects.count() == 3
    assert "Done: 3 of 3 physicians" in round_page(admin_client, match_round)


def test_a_job_the_broker_took_is_never_handed_over_twice(setting, monkeypatch, django_capture_on_commit_callbacks):
    handed = []
    monkeypatch.setattr(jobs, "enqueue", lambda name, **kwargs: handed.append(kwargs) or "task-7")
    with django_capture_on_commit_callbacks(execute=True):
        job = round_job_enqueue(match_round=setting[0], kind=RoundJobKind.RUN)
    job.refresh_from_db()
    assert handed == [{"job_id": job.pk}] and job.task_id == "task-7" and job.state == RoundJobState.QUEUED
    RoundJob.objects.update(updated_at=timezone.now() - 10 * jobs.HAND_OVER_AGAIN_AFTER)
    assert round_jobs_hand_over_again() == 0 and len(handed) == 1

"""Admin's round pages: running before the preference deadline asks for confirmation first,
and the summary reads as words and numbers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import MatchAssignment, MatchRound
from matching.round_summary import round_summary_in_words
from matching.services import match_round_run
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:matching_matchround_changelist"


def run(admin_client, match_round, **extra):
    return admin_client.post(
        reverse(CHANGELIST), {"action": "run_round", "_selected_action": [match_round.pk], **extra}, follow=True
    )


@pytest.mark.parametrize("days_left", [0, 5])
def test_running_before_the_deadline_asks_first_and_runs_nothing(setting, admin_client, days_left):
    match_round = setting[0]
    MatchRound.objects.filter(pk=match_round.pk).update(
        preference_deadline=timezone.localdate() + timedelta(days=days_left)
    )
    page = run(admin_client, match_round).content.decode()
    assert "Run before the preference deadline?" in page
    assert "3 physicians have ranked so far" in page
    assert 'name="confirm_before_deadline"' in page
    assert not MatchAssignment.objects.exists()
    match_round.refresh_from_db()
    assert match_round.run_at is None


def test_confirming_runs_the_round(setting, admin_client, django_capture_on_commit_callbacks):
    match_round = setting[0]
    MatchRound.objects.filter(pk=match_round.pk).update(preference_deadline=timezone.localdate() + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):  # the queued job runs (eagerly) after commit
        page = run(admin_client, match_round, confirm_before_deadline="1").content.decode()
    assert "is queued" in page
    page = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert "3 of 3 physicians matched (100%)." in page
    assert MatchAssignment.objects.count() == 3


def test_a_round_past_its_deadline_runs_without_asking(setting, admin_client, django_capture_on_commit_callbacks):
    match_round = setting[0]
    MatchRound.objects.filter(pk=match_round.pk).update(preference_deadline=timezone.localdate() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):  # the queued job runs (eagerly) after commit
        page = run(admin_client, match_round).content.decode()
    assert "Run before the preference deadline?" not in page
    assert MatchAssignment.objects.count() == 3


def test_a_staff_member_without_change_permission_cannot_run(setting, client):
    viewer = UserFactory(is_staff=True)
    client.force_login(viewer)
    response = client.post(reverse(CHANGELIST), {"action": "run_round", "_selected_action": [setting[0].pk]})
    assert response.status_code == 403
    assert not MatchAssignment.objects.exists()


def test_the_summary_shows_in_words_in_the_list_and_on_the_round(setting, admin_client):
    match_round = setting[0]
    match_round_run(match_round=match_round)
    for url in (reverse(CHANGELIST), reverse("admin:matching_matchround_change", args=[match_round.pk])):
        page = admin_client.get(url).content.decode()
        assert "3 of 3 physicians matched (100%)." in page
        assert "3 places were offered. 0 are left open." in page
        assert "&quot;matched&quot;" not in page and '"matched":' not in page


def test_summary_words_count_right():
    assert round_summary_in_words({}) == []
    lines = round_summary_in_words({"physicians": 1, "matched": 0, "unmatched": 1, "places": 1, "couples_apart": 1})
    assert lines == [
        "0 of 1 physician matched (0%).",
        "1 physician is unmatched.",
        "1 place was offered. 1 is left open.",
        "1 couple could not be kept together.",
    ]
    big = round_summary_in_words(
        {"physicians": 100000, "matched": 91234, "unmatched": 8766, "places": 100301, "couples_apart": 0}
    )
    assert big[0] == "91,234 of 100,000 physicians matched (91%)."
    assert big[-1] == "Every couple is placed together."

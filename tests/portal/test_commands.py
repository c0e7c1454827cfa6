import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F

from applications.models import Application, ChecklistItem, PostTripReport, Review
from matching.models import MatchRound, RoundStatus
from matching.selectors import matches_for_physician
from notifications.models import SavedSearch
from organizations.models import HostFeedback, LocalPartner, Organization, ScorecardItem, VettingDecision
from physicians.models import PhysicianProfile
from trips.models import Trip, TripSpecialtyNeed, TripStatus
from trips.selectors import trip_list_public

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_deterministic():
    call_command("seed_demo", organizations=12, physicians=15, seed=7, stdout=open(os.devnull, "w"))
    counts = (Organization.objects.count(), Trip.objects.count(), PhysicianProfile.objects.count())
    titles = sorted(Trip.objects.values_list("title", flat=True))
    decisions = VettingDecision.objects.count()
    call_command("seed_demo", organizations=12, physicians=15, seed=7, stdout=open(os.devnull, "w"))
    assert (Organization.objects.count(), Trip.objects.count(), PhysicianProfile.objects.count()) == counts
    assert sorted(Trip.objects.values_list("title", flat=True)) == titles
    assert VettingDecision.objects.count() == decisions
    assert counts[0] == 12 and counts[2] == 15
    # A realistic mix: some organizations not verified, and some public trips.
    assert Organization.objects.exclude(vetting_status="verified").exists()
    assert trip_list_public().exists()
    # Only verified organizations have open trips; a suspended one keeps only its past and
    # closed trips, and one never verified has drafts alone.

    assert not Trip.objects.filter(status=TripStatus.OPEN).exclude(organization__vetting_status="verified").exists()
    assert set(Trip.objects.filter(organization__vetting_status="suspended").values_list("status", flat=True)) <= {
        TripStatus.DRAFT,
        TripStatus.CLOSED,
        TripStatus.COMPLETED,
    }
    never_verified = Trip.objects.filter(organization__vetting_status__in=["pending", "needs_information", "rejected"])
    assert never_verified.exists()
    assert set(never_verified.values_list("status", flat=True)) == {TripStatus.DRAFT}


@pytest.mark.django_db
def test_migrations_are_in_sync_with_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=open(os.devnull, "w"))


@pytest.mark.parametrize("command", [["check"], ["makemigrations", "--check", "--dry-run"]])
def test_missing_secret_key_with_debug_off_is_a_clear_startup_error(command):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_on_starts_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_ensure_admin_creates_the_account_once(monkeypatch):
    monkeypatch.setenv("ADMIN_EMAIL", "boss@example.org")
    monkeypatch.setenv("ADMIN_PASSWORD", "a-strong-admin-passphrase")
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("ensure_admin", stdout=out)
    admin = get_user_model().objects.get(email="boss@example.org")
    assert admin.is_superuser and admin.check_password("a-strong-admin-passphrase")
    assert "created" in out.getvalue() and "exists" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_is_believable_and_gives_the_demo_logins_something_to_do():
    call_command("seed_demo", organizations=12, physicians=60, seed=7, stdout=open(os.devnull, "w"))
    names = list(Organization.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) and not any(name.endswith(")") for name in names)
    assert not any(title.endswith(")") for title in Trip.objects.values_list("title", flat=True))
    # Evidence that agrees with itself.
    assert not Organization.objects.filter(runs_year_round_facility=True, local_staff_employed=0).exists()
    assert (
        not Organization.objects.filter(needs_assessment_with_local_leaders=False)
        .exclude(needs_assessment_description="")
        .exists()
    )
    assert not PhysicianProfile.objects.filter(training_level="retired", years_in_practice__lt=20).exists()
    # Host partners are written to in a language spoken where they are.
    spoken = {"NI": "es", "HN": "es", "HT": "fr", "MZ": "pt"}
    partners = list(LocalPartner.objects.values_list("country", "contact_language"))
    assert {"es", "fr"} <= {language for _country, language in partners}
    assert all(language == spoken[country] for country, language in partners if country in spoken)
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "waitlisted", "accepted", "declined", "withdrawn", "expired"}
    assert Review.objects.exists() and PostTripReport.objects.exists() and HostFeedback.objects.exists()
    judged = set(ScorecardItem.objects.filter(organization__vetting_status="verified").values_list("status", flat=True))
    assert {"met", "partly", "not_met"} <= judged
    finished = MatchRound.objects.get(status=RoundStatus.COMPLETED)
    assert finished.summary["matched"] > 0

    physician = PhysicianProfile.objects.get(user__username="physician001@demo.missionmatch.example")
    assert len(matches_for_physician(physician=physician)) >= 5
    accepted = Application.objects.get(physician=physician, status="accepted")
    items = ChecklistItem.objects.filter(application=accepted)
    assert items.filter(done=True).exists() and items.filter(done=False).exists()
    assert SavedSearch.objects.filter(user=physician.user).exists()
    owner_org = Organization.objects.get(memberships__user__username="owner01@demo.missionmatch.example")
    assert Application.objects.filter(trip__organization=owner_org, status="submitted").exists()

    counts = (Application.objects.count(), Review.objects.count(), ScorecardItem.objects.count())
    call_command("seed_demo", organizations=12, physicians=60, seed=7, stdout=open(os.devnull, "w"))
    assert (Application.objects.count(), Review.objects.count(), ScorecardItem.objects.count()) == counts


@pytest.mark.django_db
def test_seed_demo_runs_again_after_the_demo_was_used_and_places_filled():
    """`make run` seeds on every start: people will have used the demo in between."""
    call_command("seed_demo", organizations=12, physicians=30, seed=7, stdout=open(os.devnull, "w"))
    accepted = Application.objects.filter(status="accepted", trip__status=TripStatus.OPEN)
    assert accepted.exists()
    gone = set(accepted.values_list("physician_id", "trip_id"))
    accepted.delete()  # as if those people had gone and the places been taken by others since
    TripSpecialtyNeed.objects.update(places_filled=F("places"))

    call_command("seed_demo", organizations=12, physicians=30, seed=7, stdout=open(os.devnull, "w"))

    again = Application.objects.filter(trip__status=TripStatus.OPEN)
    again = {(a.physician_id, a.trip_id): a.status for a in again if (a.physician_id, a.trip_id) in gone}
    assert again and "accepted" not in again.values()  # no place left to accept them into
    assert "waitlisted" in again.values()

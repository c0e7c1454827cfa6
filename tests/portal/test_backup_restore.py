"""The documented backup/restore round trip (docs/deployment.md: Backups) on demo data."""

import io

import pytest
from django.core.management import call_command

from organizations.models import Organization, VettingDecision
from physicians.models import MotivationWeight, PhysicianProfile
from trips.models import Trip, TripSpecialtyNeed

BACKUP_ARGS = [
    "--natural-foreign",
    "--exclude",
    "contenttypes",
    "--exclude",
    "auth.permission",
    "--exclude",
    "sessions",
    "--exclude",
    "admin.logentry",
    "--exclude",
    "axes",
]


def snapshot():
    return {
        "organizations": sorted(Organization.objects.values_list("slug", "vetting_status")),
        "trips": sorted(Trip.objects.values_list("title", "status", "start_date")),
        "needs": sorted(
            TripSpecialtyNeed.objects.values_list("trip__title", "specialty__slug", "places", "places_filled")
        ),
        "physicians": sorted(PhysicianProfile.objects.values_list("display_name", "licence_number")),
        "weights": MotivationWeight.objects.count(),
        "decisions": sorted(VettingDecision.objects.values_list("organization__slug", "to_status", "reason")),
    }


@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_restores_the_same_data(tmp_path):
    call_command("seed_demo", organizations=6, physicians=8, stdout=io.StringIO())
    before = snapshot()
    backup = tmp_path / "backup.json"
    call_command("dumpdata", *BACKUP_ARGS, "--output", str(backup), stdout=io.StringIO())

    call_command("flush", "--noinput", stdout=io.StringIO())
    assert Organization.objects.count() == 0
    call_command("loaddata", str(backup), stdout=io.StringIO())

    assert snapshot() == before

import threading

import pytest
from django.db import OperationalError

from matching import trip_store, volunteer_store, warmup
from matching.generation import engine_input_generation, volunteer_input_generation
from portal import gunicorn_config
from tests.factories import OrganizationFactory, PhysicianProfileFactory, TripFactory


@pytest.mark.django_db(transaction=True)
def test_warming_builds_both_stores_as_of_the_database():
    trip = TripFactory(open=True, organization=OrganizationFactory(verified=True))
    physician = PhysicianProfileFactory()
    assert trip_store._current is None and volunteer_store._current is None

    took = warmup.warm_stores()

    assert set(took) == {"trip features", "physician features"}
    assert trip_store._current.generation == engine_input_generation()
    assert trip.pk in trip_store._current.features.ids.tolist()
    assert volunteer_store._current.generation == volunteer_input_generation()
    assert physician.pk in volunteer_store._current.features.ids.tolist()


def test_a_database_down_at_boot_does_not_stop_the_worker(monkeypatch, caplog):
    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(warmup, "STORES", (("trip features", down),))
    assert warmup.warm_stores() == {}
    assert "built on demand" in caplog.text


def test_the_worker_hook_keeps_its_heartbeat_while_the_stores_build(monkeypatch):
    beats, building = [], threading.Event()

    class Worker:
        def notify(self):
            beats.append(1)
            if len(beats) >= 3:
                building.set()

    def slow_build():
        assert building.wait(5), "no heartbeat while the stores were building"
        return {}

    monkeypatch.setattr(gunicorn_config, "HEARTBEAT_SECONDS", 0.01)
    monkeypatch.setattr(warmup, "warm_stores", slow_build)
    gunicorn_config.post_worker_init(Worker())
    assert len(beats) >= 3

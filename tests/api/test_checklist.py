"""The preparation checklist: one service (checklist_item_set_done) behind the page and the API."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from applications.models import ApplicationStatus, ChecklistItem
from applications.services import application_create, application_decide, checklist_item_set_done
from physicians.specialties import common_specialty
from tests.factories import PhysicianProfileFactory, TripFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(organization, physician, member):
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 2})
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    return application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)


def test_service_ticks_keeps_the_date_when_ticked_again_and_clears_it_when_unticked(accepted, physician):
    item = accepted.checklist_items.first()
    ticked = checklist_item_set_done(application=accepted, item_id=item.pk, done=True, user=physician.user)
    assert ticked.done and ticked.done_at is not None
    again = checklist_item_set_done(application=accepted, item_id=item.pk, done=True, user=physician.user)
    assert again.done_at == ticked.done_at
    cleared = checklist_item_set_done(application=accepted, item_id=item.pk, done=False, user=physician.user)
    item.refresh_from_db()
    assert not cleared.done and item.done_at is None and not item.done


def test_service_refuses_others_and_items_of_other_applications(accepted, physician, member, organization):
    item = accepted.checklist_items.first()
    with pytest.raises(PermissionDenied):
        checklist_item_set_done(application=accepted, item_id=item.pk, done=True, user=member)
    other = application_create(
        physician=PhysicianProfileFactory(), trip=accepted.trip, specialty=common_specialty("family-medicine")
    )
    other = application_decide(application=other, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    with pytest.raises(ChecklistItem.DoesNotExist):
        checklist_item_set_done(
            application=accepted, item_id=other.checklist_items.first().pk, done=True, user=physician.user
        )
    assert not ChecklistItem.objects.filter(done=True).exists()


@pytest.mark.parametrize("body", [{}, {"title": "Renamed"}, {"done": True}])
def test_api_patch_on_a_ticked_item_never_loses_its_date(client, accepted, physician, body):
    item = accepted.checklist_items.first()
    checklist_item_set_done(application=accepted, item_id=item.pk, done=True, user=physician.user)
    item.refresh_from_db()
    client.force_login(physician.user)
    response = client.patch(
        f"/api/v1/applications/{accepted.pk}/checklist/{item.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["done"] is True and response.json()["done_at"] is not None
    fresh = ChecklistItem.objects.get(pk=item.pk)
    assert fresh.done and fresh.done_at == item.done_at and fresh.title == item.title


def test_api_unticks_and_answers_400_for_a_bad_value(client, accepted, physician):
    item = accepted.checklist_items.first()
    checklist_item_set_done(application=accepted, item_id=item.pk, done=True, user=physician.user)
    client.force_login(physician.user)
    url = f"/api/v1/applications/{accepted.pk}/checklist/{item.pk}/"
    assert client.patch(url, {"done": "perhaps"}, content_type="application/json").status_code == 400
    assert client.patch(url, [], content_type="application/json").status_code == 400
    response = client.patch(url, {"done": False}, content_type="application/json")
    assert response.json() | {"id": item.pk} == response.json() and response.json()["done_at"] is None


def test_api_item_of_another_application_is_404(client, accepted, physician, member):
    other = application_create(
        physician=PhysicianProfileFactory(), trip=accepted.trip, specialty=common_specialty("family-medicine")
    )
    other = application_decide(application=other, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    client.force_login(physician.user)
    url = f"/api/v1/applications/{accepted.pk}/checklist/{other.checklist_items.first().pk}/"
    assert client.patch(url, {"done": True}, content_type="application/json").status_code == 404


def test_page_toggles_through_the_same_service(client, accepted, physician):
    item = accepted.checklist_items.first()
    client.force_login(physician.user)
    url = reverse("applications:checklist", args=[accepted.pk])
    client.post(url, {"item": item.pk, "done": "1"})
    item.refresh_from_db()
    assert item.done and item.done_at is not None
    ticked_at = item.done_at
    # A double-submitted click states the same wish again: the item stays ticked, same date.
    client.post(url, {"item": item.pk, "done": "1"})
    item.refresh_from_db()
    assert item.done and item.done_at == ticked_at
    client.post(url, {"item": item.pk, "done": "0"})
    item.refresh_from_db()
    assert not item.done and item.done_at is None


@pytest.mark.parametrize("done", [None, "", "yes", "2", "\u0661"])
def test_page_refuses_a_click_that_does_not_say_done_or_undo(client, accepted, physician, done):
    item = accepted.checklist_items.first()
    client.force_login(physician.user)
    data = {"item": item.pk} if done is None else {"item": item.pk, "done": done}
    response = client.post(reverse("applications:checklist", args=[accepted.pk]), data)
    assert response.status_code == 400
    item.refresh_from_db()
    assert not item.done

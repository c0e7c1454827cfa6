"""Counts an organization has not stated are shown and served as "not stated", apart from
a declared zero, on its page and in the API."""

import pytest

from matching.engine import explanations
from matching.selectors import organization_watch_outs_for
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_not_stated_is_shown_apart_from_zero(client):
    unstated = OrganizationFactory(verified=True)  # new organizations have stated nothing
    zero = OrganizationFactory(verified=True, local_staff_employed=0, years_active_in_community=0)
    assert unstated.local_staff_employed is None and unstated.years_active_in_community is None
    assert client.get(unstated.get_absolute_url()).content.decode().count("Not stated") == 2
    assert "Not stated" not in client.get(zero.get_absolute_url()).content.decode()
    codes = {note.code for note in organization_watch_outs_for(unstated)}
    assert {explanations.YEARS_NOT_STATED, explanations.LOCAL_STAFF_NOT_STATED} <= codes
    assert explanations.LITTLE_EVIDENCE in codes
    assert not {explanations.YEARS_NOT_STATED, explanations.LOCAL_STAFF_NOT_STATED} & {
        note.code for note in organization_watch_outs_for(zero)
    }


def test_the_api_takes_null_as_not_stated_and_refuses_a_negative_count(client):
    organization = OrganizationFactory(verified=True, local_staff_employed=4)
    client.force_login(MembershipFactory(organization=organization).user)
    url = f"/api/v1/organizations/{organization.slug}/"
    response = client.patch(url, {"local_staff_employed": None}, content_type="application/json")
    assert response.status_code == 200 and response.json()["local_staff_employed"] is None
    assert "preparation_index" in response.json()
    bad = client.patch(url, {"years_active_in_community": -3}, content_type="application/json")
    assert bad.status_code == 400 and "years_active_in_community" in bad.json()

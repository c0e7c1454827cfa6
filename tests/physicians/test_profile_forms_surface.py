"""The profile's forms: no "Delete" box on a new empty row, countries as a list of checkboxes."""

import pytest
from django.urls import reverse

from tests.factories import PhysicianProfileFactory

pytestmark = pytest.mark.django_db


def test_a_new_empty_row_has_no_delete_box_but_a_saved_one_does(client):
    physician = PhysicianProfileFactory(available=False, languages={"es": 2})
    client.force_login(physician.user)
    page = client.get(reverse("physicians:profile-edit", args=["languages"])).content.decode()
    assert 'name="languages-0-DELETE"' in page  # the saved Spanish row can be removed
    assert 'name="languages-1-DELETE"' not in page  # the blank row for a new language cannot
    assert 'name="availability-0-DELETE"' not in page


def test_preferred_countries_are_checkboxes_not_a_ctrl_click_list(client):
    physician = PhysicianProfileFactory()
    client.force_login(physician.user)
    page = client.get(reverse("physicians:profile-edit", args=["places"])).content.decode()
    assert 'type="checkbox" name="preferred_countries" value="NI"' in page
    assert "<select" not in page.split('name="preferred_countries"')[0][-200:]
    response = client.post(
        reverse("physicians:profile-edit", args=["places"]), {"preferred_countries": ["NI", "GT"], "max_budget_usd": ""}
    )
    assert response.status_code == 302
    physician.refresh_from_db()
    assert sorted(c.code for c in physician.preferred_countries) == ["GT", "NI"]


def test_the_practice_step_says_what_to_choose_and_numbers_its_steps(client):
    physician = PhysicianProfileFactory(primary_specialty=None)
    client.force_login(physician.user)
    page = client.get(reverse("physicians:profile-edit", args=["practice"])).content.decode()
    assert '<option value="" selected>Choose your specialty</option>' in page
    assert "---------" not in page
    assert '<ol class="steps">' in page

"""Long forms list their errors at the top, each linking to its field, and keep what was typed."""

import pytest
from django.urls import reverse

from tests.factories import PhysicianProfileFactory

pytestmark = pytest.mark.django_db


def test_the_new_trip_form_summarises_its_errors_and_keeps_the_input(member_client, organization):
    url = reverse("manage:trip-create", args=[organization.slug])
    assert "error-summary" not in member_client.get(url).content.decode()
    response = member_client.post(
        url,
        {
            "title": "Eye camp in Cusco",
            "start_date": "not a date",
            "needs-TOTAL_FORMS": "1",
            "needs-INITIAL_FORMS": "0",
            "needs-0-places": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_start_date"' in summary and 'href="#id_country"' in summary
    assert 'href="#id_needs-0-places"' in summary and "(row 1)" in summary
    assert 'value="Eye camp in Cusco"' in page


def test_a_profile_step_summarises_its_errors(client):
    physician = PhysicianProfileFactory()
    client.force_login(physician.user)
    response = client.post(reverse("physicians:profile-edit", args=["places"]), {"max_budget_usd": "-5"})
    summary = response.content.decode().split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_max_budget_usd"' in summary

"""The trip form's selects say what to do in words, not "---------" (issue 15)."""

import pytest

from trips.forms import NeedFormSet, TripForm

pytestmark = pytest.mark.django_db


def test_the_country_select_asks_for_a_country():
    html = str(TripForm()["country"])
    assert '<option value="" selected>Choose a country</option>' in html
    assert "---------" not in html


def test_the_specialty_selects_ask_for_a_specialty():
    html = "".join(str(form["specialty"]) for form in NeedFormSet().forms)
    assert "Choose a specialty" in html
    assert "---------" not in html


def test_the_whole_trip_form_shows_no_dashes_or_unknown():
    html = str(TripForm()) + "".join(str(form) for form in NeedFormSet().forms)
    assert "---------" not in html
    assert "Unknown" not in html

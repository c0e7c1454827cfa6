"""The organization profile form shows words, not "---------" or "Unknown" (issue 15)."""

import pytest

from organizations.forms import EVIDENCE_FIELDS, LocalPartnerFormSet, OrganizationProfileForm

pytestmark = pytest.mark.django_db


def test_the_country_selects_ask_for_a_country():
    form = OrganizationProfileForm()
    assert '<option value="" selected>Choose a country</option>' in str(form["registration_country"])
    partner_html = "".join(str(partner["country"]) for partner in LocalPartnerFormSet().forms)
    assert "Choose a country" in partner_html


def test_yes_no_evidence_is_a_box_to_tick_not_a_select_with_unknown():
    form = OrganizationProfileForm()
    boolean_fields = [name for name in EVIDENCE_FIELDS if form.fields[name].__class__.__name__ == "BooleanField"]
    assert boolean_fields  # the evidence has yes/no questions at all
    for name in boolean_fields:
        assert 'type="checkbox"' in str(form[name])


def test_the_whole_profile_form_shows_no_dashes_or_unknown():
    html = str(OrganizationProfileForm()) + "".join(str(form) for form in LocalPartnerFormSet().forms)
    assert "---------" not in html
    assert "Unknown" not in html

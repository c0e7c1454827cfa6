"""Every piece of evidence an organization fills in says why it matters, on the form itself."""

import pytest
from django.urls import reverse

from organizations.forms import EVIDENCE_FIELDS
from organizations.models import Organization

pytestmark = pytest.mark.django_db

# The free-text "about ..." fields describe the evidence next to them; the evidence itself
# (yes/no, numbers, choices) is what must explain why it matters.
EVIDENCE = [name for name in EVIDENCE_FIELDS if not name.endswith("_description")]


def test_the_evidence_list_is_the_one_we_expect():
    assert {
        "share_of_fees_to_local_care",
        "local_training_frequency",
        "has_local_curriculum",
        "mentors_local_clinicians",
        "offers_cultural_orientation",
        "has_safety_protocol",
        "offers_self_care_support",
        "offers_predeparture_briefing",
        "provides_evacuation_insurance",
    } <= set(EVIDENCE)


@pytest.mark.parametrize("name", EVIDENCE)
def test_each_evidence_field_has_help_text(name):
    help_text = str(Organization._meta.get_field(name).help_text)
    assert len(help_text) > 20, name


def test_the_edit_page_shows_every_help_text(member_client, organization):
    body = member_client.get(reverse("manage:edit", args=[organization.slug])).content.decode()
    # Django renders help text as given (not escaped), next to the field it describes.
    missing = [
        name
        for name in EVIDENCE
        if f'id="id_{name}_helptext">{Organization._meta.get_field(name).help_text}</div>' not in body
    ]
    assert not missing

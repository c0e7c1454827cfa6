"""organization_profile_update: the one write of an organization's profile, evidence and local
partners, behind its edit page and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations.models import LocalPartner, VettingStatus
from organizations.services import LOCAL_PARTNERS_MAX, organization_profile_update
from tests.factories import LocalPartnerFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def partner_row(partner=None, **fields):
    return {"id": partner.pk if partner else None, "name": "Centro de Salud", "country": "NI", **fields}


def test_members_never_set_the_vetting_status_or_the_slug(organization):
    with pytest.raises(ValidationError) as refused:
        organization_profile_update(
            organization=organization, values={"vetting_status": VettingStatus.VERIFIED, "slug": "elsewhere"}
        )
    assert set(refused.value.message_dict) == {"slug", "vetting_status"}


def test_partners_are_added_changed_and_removed_and_the_others_kept(organization):
    renamed, removed, untouched = LocalPartnerFactory.create_batch(3, organization=organization)
    organization_profile_update(
        organization=organization,
        values={"local_staff_employed": 31},
        local_partners=[
            partner_row(renamed, name="Hospital Regional"),
            {"id": removed.pk, "delete": True},
            partner_row(name="Puesto de Salud"),
            partner_row(name="Typed, then deleted", delete=True),
        ],
    )
    organization.refresh_from_db()
    assert organization.local_staff_employed == 31
    assert set(LocalPartner.objects.filter(organization=organization).values_list("name", flat=True)) == {
        "Hospital Regional",
        untouched.name,
        "Puesto de Salud",
    }


def test_another_organizations_partner_is_refused_and_nothing_is_saved(organization):
    theirs = LocalPartnerFactory(organization=OrganizationFactory())
    with pytest.raises(ValidationError) as refused:
        organization_profile_update(
            organization=organization,
            values={"local_staff_employed": 99},
            local_partners=[partner_row(theirs, name="Taken over")],
        )
    assert "local_partners" in refused.value.message_dict
    theirs.refresh_from_db()
    organization.refresh_from_db()
    assert theirs.name != "Taken over" and organization.local_staff_employed != 99


def test_no_more_partners_than_the_page_offers(organization):
    LocalPartnerFactory.create_batch(LOCAL_PARTNERS_MAX, organization=organization)
    with pytest.raises(ValidationError) as refused:
        organization_profile_update(organization=organization, values={}, local_partners=[partner_row()])
    assert "local_partners" in refused.value.message_dict
    assert LocalPartner.objects.filter(organization=organization).count() == LOCAL_PARTNERS_MAX


def test_the_edit_page_renames_and_removes_partners_through_the_service(member_client, organization):
    kept, removed = LocalPartnerFactory.create_batch(2, organization=organization)
    url = reverse("manage:edit", args=[organization.slug])
    form = member_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "countries_served"}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data.update(
        {
            "countries_served": ["NI"],
            "partners-TOTAL_FORMS": 3,
            "partners-INITIAL_FORMS": 2,
            "partners-0-id": kept.pk,
            "partners-0-name": "Hospital Regional",
            "partners-0-country": "NI",
            "partners-0-contact_language": "en",
            "partners-1-id": removed.pk,
            "partners-1-name": removed.name,
            "partners-1-country": "NI",
            "partners-1-contact_language": "en",
            "partners-1-DELETE": "on",
            "partners-2-name": "Puesto de Salud",
            "partners-2-country": "GT",
            "partners-2-contact_language": "es",
        }
    )
    response = member_client.post(url, data)
    assert response.status_code == 302, response.context["partners"].errors
    assert sorted(
        LocalPartner.objects.filter(organization=organization).values_list("name", "country", "contact_language")
    ) == [("Hospital Regional", "NI", "en"), ("Puesto de Salud", "GT", "es")]

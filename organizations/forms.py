from django import forms
from django.forms import inlineformset_factory

from .admin import OrganizationAdmin
from .models import LocalPartner, Organization
from .services import LOCAL_PARTNER_FIELDS, LOCAL_PARTNERS_MAX

# The same grouping admins vet with: members describe themselves in the same sections.
EDIT_SECTIONS = [(title, fields) for title, fields in OrganizationAdmin.fieldsets if title and fields.get("fields")]


def _flatten(fields):
    for entry in fields:
        yield from (entry if isinstance(entry, tuple) else (entry,))


PROFILE_FIELDS = [
    "name",
    "website",
    "registration_country",
    "description",
    "countries_served",
    "is_faith_based",
    "faith_tradition",
]
EVIDENCE_FIELDS = [field for title, options in OrganizationAdmin.fieldsets[3:] for field in _flatten(options["fields"])]


class OrganizationProfileForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = PROFILE_FIELDS + EVIDENCE_FIELDS  # never vetting_status or slug

    def sections(self):
        """(title, [bound fields]) in the order of the vetting checklist."""
        groups = [("", [self[name] for name in PROFILE_FIELDS])]
        for title, options in OrganizationAdmin.fieldsets[3:]:
            groups.append((title, [self[name] for name in _flatten(options["fields"])]))
        return groups


# Bounded so a forged TOTAL_FORMS cannot make us build and render thousands of forms.
LocalPartnerFormSet = inlineformset_factory(
    Organization,
    LocalPartner,
    fields=LOCAL_PARTNER_FIELDS,
    extra=1,
    can_delete=True,
    max_num=LOCAL_PARTNERS_MAX,
    absolute_max=LOCAL_PARTNERS_MAX,
    validate_max=True,
)

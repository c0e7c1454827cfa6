from django import forms
from django.forms import inlineformset_factory

from .admin import OrganizationAdmin
from .models import LocalPartner, Organization

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
        # Ticking boxes in a scrolling list, not Ctrl-clicking a long multi-select.
        widgets = {"countries_served": forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"})}

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
    fields=["name", "country", "description", "contact_name", "contact_email"],
    extra=1,
    can_delete=True,
    max_num=20,
    absolute_max=20,
    validate_max=True,
)

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from .models import LocalPartner, Organization
from .services import LOCAL_PARTNER_FIELDS, LOCAL_PARTNERS_MAX

# The evidence in the sections admins vet it in (OrganizationAdmin's fieldsets use these), so members
# describe themselves in the same sections.
EVIDENCE_SECTIONS = [
    (
        _("Sustainability and continuity of care"),
        {
            "fields": [
                ("runs_year_round_facility", "year_round_facility_description"),
                ("has_follow_up_plan", "follow_up_plan_description"),
                ("local_staff_employed", "local_staff_description"),
                ("hands_records_to_local_providers", "records_handoff_description"),
                ("years_active_in_community", "years_active_description"),
                ("needs_assessment_with_local_leaders", "needs_assessment_description"),
                ("publishes_fee_breakdown", "share_of_fees_to_local_care", "fee_breakdown_description"),
            ]
        },
    ),
    (
        _("Education of local staff"),
        {
            "fields": [
                ("trains_local_staff", "local_training_frequency", "local_training_description"),
                ("has_local_curriculum", "local_curriculum_description"),
                ("mentors_local_clinicians", "mentorship_description"),
                "education_audience",
            ]
        },
    ),
    (
        _("Preparation support"),
        {
            "fields": [
                ("offers_cultural_orientation", "cultural_orientation_description"),
                ("has_safety_protocol", "safety_protocol_description"),
                ("offers_self_care_support", "self_care_description"),
                ("offers_predeparture_briefing", "predeparture_briefing_description"),
                ("offers_predeparture_training", "predeparture_training_description"),
                ("provides_evacuation_insurance", "evacuation_insurance_description"),
            ]
        },
    ),
]


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
EVIDENCE_FIELDS = [field for _title, options in EVIDENCE_SECTIONS for field in _flatten(options["fields"])]


def _name_the_empty_country(field):
    """A country select's empty choice in words, not Django's "---------"."""
    field.choices = [("", _("Choose a country")), *[c for c in field.choices if c[0]]]


class OrganizationProfileForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = PROFILE_FIELDS + EVIDENCE_FIELDS  # never vetting_status or slug
        # Ticking boxes in a scrolling list, not Ctrl-clicking a long multi-select.
        widgets = {"countries_served": forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _name_the_empty_country(self.fields["registration_country"])

    def sections(self):
        """(title, [bound fields]) in the order of the vetting checklist."""
        groups = [("", [self[name] for name in PROFILE_FIELDS])]
        for title, options in EVIDENCE_SECTIONS:
            groups.append((title, [self[name] for name in _flatten(options["fields"])]))
        return groups


class LocalPartnerForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _name_the_empty_country(self.fields["country"])


# Bounded so a forged TOTAL_FORMS cannot make us build and render thousands of forms.
LocalPartnerFormSet = inlineformset_factory(
    Organization,
    LocalPartner,
    form=LocalPartnerForm,
    fields=LOCAL_PARTNER_FIELDS,
    extra=1,
    can_delete=True,
    max_num=LOCAL_PARTNERS_MAX,
    absolute_max=LOCAL_PARTNERS_MAX,
    validate_max=True,
)

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

import vocabulary.choices

from .models import AvailabilityWindow, PhysicianLanguage, PhysicianProfile, Specialty
from .services import AVAILABILITY_WINDOWS_MAX, LANGUAGES_MAX


class PracticeForm(forms.ModelForm):
    primary_specialty = forms.ModelChoiceField(
        queryset=Specialty.objects.all(), label=_("Primary specialty"), empty_label=_("Choose your specialty")
    )
    other_specialties = forms.ModelMultipleChoiceField(
        queryset=Specialty.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Other specialties you practise"),
    )

    class Meta:
        model = PhysicianProfile
        fields = [
            "display_name",
            "primary_specialty",
            "other_specialties",
            "training_level",
            "licence_status",
            "licence_jurisdiction",
            "licence_number",
            "board_certified",
            "board_certification",
            "years_in_practice",
            "prior_mission_trips",
        ]

    def clean(self):
        cleaned = super().clean()
        primary, others = cleaned.get("primary_specialty"), cleaned.get("other_specialties")
        if primary and others is not None:
            cleaned["other_specialties"] = others.exclude(pk=primary.pk)
        return cleaned


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = AvailabilityWindow
        fields = ["start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end of a window cannot come before its start."))
        return cleaned


# Bounded so a forged TOTAL_FORMS cannot make us build and render thousands of forms.
LanguageFormSet = inlineformset_factory(
    PhysicianProfile,
    PhysicianLanguage,
    fields=["language", "proficiency"],
    extra=1,
    can_delete=True,
    can_delete_extra=False,  # a new, empty row has nothing to delete
    max_num=LANGUAGES_MAX,
    absolute_max=LANGUAGES_MAX,
    validate_max=True,
)
AvailabilityFormSet = inlineformset_factory(
    PhysicianProfile,
    AvailabilityWindow,
    form=AvailabilityForm,
    extra=1,
    can_delete=True,
    can_delete_extra=False,  # a new, empty row has nothing to delete
    max_num=AVAILABILITY_WINDOWS_MAX,
    absolute_max=AVAILABILITY_WINDOWS_MAX,
    validate_max=True,
)


class PlacesForm(forms.ModelForm):
    preferred_regions = forms.MultipleChoiceField(
        choices=vocabulary.choices.REGION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Preferred regions"),
    )

    class Meta:
        model = PhysicianProfile
        fields = ["preferred_countries", "preferred_regions", "max_budget_usd", "never_over_budget"]
        # Ticking boxes in a scrolling list, not Ctrl-clicking a long multi-select.
        widgets = {"preferred_countries": forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"})}


WEIGHT_CHOICES = ((0, _("Not at all")), (1, _("A little")), (2, _("A lot")), (3, _("Above all")))


class MotivationsForm(forms.Form):
    """One 0-3 choice per motivation of the fixed vocabulary, each explained in a sentence."""

    def __init__(self, *args, weights=None, statement="", **kwargs):
        super().__init__(*args, **kwargs)
        weights = weights or {}
        for key, label, explanation in vocabulary.choices.MOTIVATIONS:
            self.fields[f"weight_{key}"] = forms.TypedChoiceField(
                label=label,
                help_text=explanation,
                choices=WEIGHT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                initial=weights.get(key, 0),
            )
        self.fields["statement"] = forms.CharField(
            label=_("In your own words: why do you want to go?"),
            required=False,
            initial=statement,
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=4000,
        )

    def weights(self):
        return {key: self.cleaned_data[f"weight_{key}"] for key in vocabulary.MOTIVATION_KEYS}

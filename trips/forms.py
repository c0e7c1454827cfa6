from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

import vocabulary.choices

from .models import Trip, TripSpecialtyNeed
from .services import trip_dates_errors, trip_need_places_error


class TripForm(forms.ModelForm):
    """The trip's own fields and languages; trips.services.trip_save writes them."""

    accepted_training_levels = forms.MultipleChoiceField(
        choices=vocabulary.choices.TRAINING_LEVEL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Training levels you accept"),
        help_text=_("Leave all unticked to accept every level."),
    )
    languages = forms.MultipleChoiceField(
        choices=vocabulary.choices.LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages needed"),
    )

    class Meta:
        model = Trip
        fields = [
            "title",
            "description",
            "country",
            "place",
            "start_date",
            "end_date",
            "application_deadline",
            "cost_usd",
            "cost_covers",
            "continuity_plan",
            "supervision_provided",
            "accepted_training_levels",
            "host_registration_requirements",
        ]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}) for f in ("start_date", "end_date", "application_deadline")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A select's empty choice in words, not Django's "---------".
        country = self.fields["country"]
        country.choices = [("", _("Choose a country")), *[c for c in country.choices if c[0]]]
        if self.instance.pk:
            self.fields["languages"].initial = [language.language for language in self.instance.languages.all()]

    def clean(self):
        cleaned = super().clean()
        errors = trip_dates_errors(
            start_date=cleaned.get("start_date"),
            end_date=cleaned.get("end_date"),
            application_deadline=cleaned.get("application_deadline"),
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


class BaseNeedFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                if form.instance.pk and form.instance.places_filled:
                    raise forms.ValidationError(_("A specialty with accepted volunteers cannot be removed."))
                continue
            specialty = form.cleaned_data.get("specialty")
            if specialty in seen:
                raise forms.ValidationError(_("List each specialty once."))
            seen.add(specialty)


class NeedForm(forms.ModelForm):
    class Meta:
        model = TripSpecialtyNeed
        fields = ["specialty", "places"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].empty_label = _("Choose a specialty")

    def clean_places(self):
        places = self.cleaned_data["places"]
        message = trip_need_places_error(
            places=places, places_filled=self.instance.places_filled if self.instance.pk else 0
        )
        if message:
            raise forms.ValidationError(message)
        return places


# Bounded so a forged TOTAL_FORMS cannot make us build and render thousands of forms.
NeedFormSet = inlineformset_factory(
    Trip,
    TripSpecialtyNeed,
    form=NeedForm,
    formset=BaseNeedFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,  # a new, empty row has nothing to delete
    max_num=30,
    absolute_max=30,
    validate_max=True,
)

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RegistrationStatus, VolunteerReadiness


class RegistrationForm(forms.Form):
    status = forms.ChoiceField(label=_("Host-country registration"), choices=RegistrationStatus.choices)
    reference = forms.CharField(label=_("Reference number"), max_length=100, required=False)
    submitted_on = forms.DateField(
        label=_("Submitted on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReadinessForm(forms.ModelForm):
    class Meta:
        model = VolunteerReadiness
        fields = [
            "emergency_contact_name",
            "emergency_contact_relationship",
            "emergency_contact_phone",
            "emergency_contact_email",
            "fitness_statement",
        ]
        widgets = {"fitness_statement": forms.Textarea(attrs={"rows": 4})}

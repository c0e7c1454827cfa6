from django import forms
from django.utils.translation import gettext_lazy as _

from .models import WaitlistSettings


class WaitlistSettingsForm(forms.ModelForm):
    class Meta:
        model = WaitlistSettings
        fields = ["automatic_offers", "offer_hours"]
        widgets = {"offer_hours": forms.NumberInput(attrs={"min": 1, "max": 720})}

    def clean_offer_hours(self):
        hours = self.cleaned_data["offer_hours"]
        if not 1 <= hours <= 720:
            raise forms.ValidationError(_("Between 1 and 720 hours."))
        return hours

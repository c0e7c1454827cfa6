from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from physicians.models import Specialty

from .models import MAX_MINIMUM_STAY_WEEKS


class CoverCalendarForm(forms.Form):
    specialty = forms.ModelChoiceField(
        label=_("Specialty"), queryset=Specialty.objects.all(), empty_label=_("Choose a specialty")
    )
    minimum_stay_weeks = forms.IntegerField(
        label=_("Minimum stay (weeks)"),
        min_value=1,
        max_value=MAX_MINIMUM_STAY_WEEKS,
        initial=2,
        help_text=_("The shortest stay worth the handover: a clinician needs time to learn the place."),
    )


class CoverPeriodForm(forms.Form):
    start_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))


CoverPeriodFormSet = formset_factory(CoverPeriodForm, extra=2, can_delete=True, max_num=24, validate_max=True)


class CoverProposalAcceptForm(forms.Form):
    place = forms.CharField(
        label=_("Place"), max_length=200, help_text=_("Town or district of the facility, as on your trips.")
    )
    cost_usd = forms.IntegerField(label=_("Volunteer cost (USD)"), min_value=0, initial=0)

from django import forms
from django.utils.translation import gettext_lazy as _

from physicians.models import Specialty

from .models import PostTripReport, Review


class ApplyForm(forms.Form):
    specialty = forms.ModelChoiceField(queryset=Specialty.objects.none(), label=_("Apply as"), empty_label=None)
    note = forms.CharField(
        label=_("A note to the organization"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you can offer, what you hope to learn, any constraints on your dates."),
    )

    def __init__(self, *args, specialties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].queryset = specialties


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["follow_up_happened", "local_staff_involved", "preparation_adequate", "would_return", "text"]


class PostTripReportForm(forms.ModelForm):
    class Meta:
        model = PostTripReport
        fields = ["patients_seen", "follow_ups_handed_to_local_staff", "local_staff_trained", "what_changed"]

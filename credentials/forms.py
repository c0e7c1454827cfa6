from django import forms
from django.utils.translation import gettext_lazy as _

import vocabulary.choices

from .content import credential_content_type
from .models import CredentialDocument, ReviewStatus


class CredentialDocumentForm(forms.ModelForm):
    class Meta:
        model = CredentialDocument
        fields = ["kind", "issuer", "number", "issued_on", "expires_on", "file"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "file": forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
        }
        help_texts = {"file": _("PDF, PNG or JPEG, at most 10 MB.")}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded:
            try:
                credential_content_type(uploaded)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["file"]) from error
        return uploaded

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("The expiry date is before the issue date."))
        return cleaned


class TripDocumentRequirementsForm(forms.Form):
    """One checkbox and a number of days before departure for each document kind."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for kind, label in vocabulary.choices.CREDENTIAL_KIND_CHOICES:
            self.fields[f"require_{kind}"] = forms.BooleanField(label=label, required=False, initial=kind in current)
            self.fields[f"days_{kind}"] = forms.IntegerField(
                label=_("days before departure"),
                min_value=0,
                max_value=365,
                initial=current.get(kind, 30),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        for kind, _label in vocabulary.choices.CREDENTIAL_KIND_CHOICES:
            if cleaned.get(f"require_{kind}") and cleaned.get(f"days_{kind}") is None:
                self.add_error(f"days_{kind}", _("Say how many days before departure it is due."))
        return cleaned

    def requirements(self):
        return {
            kind: self.cleaned_data[f"days_{kind}"]
            for kind, _label in vocabulary.choices.CREDENTIAL_KIND_CHOICES
            if self.cleaned_data.get(f"require_{kind}")
        }

    def rows(self):
        return [
            (self[f"require_{kind}"], self[f"days_{kind}"])
            for kind, _label in vocabulary.choices.CREDENTIAL_KIND_CHOICES
        ]


class CredentialReviewForm(forms.ModelForm):
    """Django admin's review of one document: verify or reject, with a reason."""

    decision = forms.ChoiceField(
        label=_("decision"),
        required=False,
        choices=[("", _("— no change —")), (ReviewStatus.VERIFIED, _("Verify")), (ReviewStatus.REJECTED, _("Reject"))],
    )
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = CredentialDocument
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == ReviewStatus.REJECTED and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the document is rejected."))
        return cleaned

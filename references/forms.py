from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReferenceRequest


class RefereesForm(forms.Form):
    """Two referees: the first is required, the second optional."""

    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = list(current)
        for n in (1, 2):
            existing = current[n - 1] if len(current) >= n else None
            required = n == 1
            self.fields[f"name_{n}"] = forms.CharField(
                label=_("Referee %(n)d: name") % {"n": n},
                max_length=150,
                required=required,
                initial=existing and existing.name,
            )
            self.fields[f"email_{n}"] = forms.EmailField(
                label=_("email"), required=required, initial=existing and existing.email
            )
            self.fields[f"relationship_{n}"] = forms.CharField(
                label=_("relationship"), max_length=150, required=required, initial=existing and existing.relationship
            )

    def clean(self):
        cleaned = super().clean()
        second = [cleaned.get(f"{f}_2") for f in ("name", "email", "relationship")]
        if any(second) and not all(second):
            self.add_error("name_2", _("Give the second referee's name, email and relationship, or none of them."))
        return cleaned

    def referees(self):
        return [
            {f: self.cleaned_data[f"{f}_{n}"] for f in ("name", "email", "relationship")}
            for n in (1, 2)
            if self.cleaned_data.get(f"name_{n}")
        ]


class ReferenceAnswerForm(forms.ModelForm):
    class Meta:
        model = ReferenceRequest
        fields = ["known_for_years", "recommendation", "clinical_competence", "teamwork_and_conduct"]
        widgets = {
            "clinical_competence": forms.Textarea(attrs={"rows": 4}),
            "teamwork_and_conduct": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["known_for_years"].required = True
        self.fields["known_for_years"].max_value = 80
        self.fields["recommendation"].required = True

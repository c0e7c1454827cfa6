from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_PREFERENCES


class PreferencesForm(forms.Form):
    """Up to ten ranked choices among the trips the physician may apply to."""

    def __init__(self, *args, trips, initial_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— none —"))] + [(str(t.pk), f"{t.title} · {t.organization.name}") for t in trips]
        initial_ids = list(initial_ids)
        for rank in range(1, MAX_PREFERENCES + 1):
            self.fields[f"choice_{rank}"] = forms.TypedChoiceField(
                label=_("Choice %(rank)d") % {"rank": rank},
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                initial=initial_ids[rank - 1] if rank <= len(initial_ids) else None,
            )

    def clean(self):
        cleaned = super().clean()
        ids = [cleaned.get(f"choice_{rank}") for rank in range(1, MAX_PREFERENCES + 1)]
        ids = [pk for pk in ids if pk is not None]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(_("Each trip can be chosen only once."))
        cleaned["trip_ids"] = ids
        return cleaned


class ApplicantOrderForm(forms.Form):
    """An organization's order of the physicians who ranked its trip (1 = most wanted;
    leave empty to mark someone as not acceptable)."""

    def __init__(self, *args, physicians, initial_ranks=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_ranks = initial_ranks or {}
        self.physicians = list(physicians)
        for physician in self.physicians:
            self.fields[f"rank_{physician.pk}"] = forms.IntegerField(
                label=physician.display_name,
                min_value=1,
                max_value=len(self.physicians),
                required=False,
                initial=initial_ranks.get(physician.pk),
            )

    def clean(self):
        cleaned = super().clean()
        ranked = [(cleaned.get(f"rank_{p.pk}"), p.pk) for p in self.physicians if cleaned.get(f"rank_{p.pk}")]
        ranks = [rank for rank, _pk in ranked]
        if len(ranks) != len(set(ranks)):
            raise forms.ValidationError(_("Give each physician a different rank."))
        cleaned["physician_ids"] = [pk for _rank, pk in sorted(ranked)]
        return cleaned

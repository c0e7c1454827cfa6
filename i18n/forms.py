from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    """One language of the menu (each is its own small form), or the account page's choice."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    # Where to go back to; checked against the site's own host before it is used.
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.form_html import PythonRenderedForm
from portal.widgets import PythonRenderedHiddenInput, PythonRenderedTextInput

from .models import SavedSearch


class SavedSearchForm(PythonRenderedForm):
    """Name a search from the trip search page. The filters come in a hidden field; the
    service checks them with the search page's own filters."""

    name = forms.CharField(
        label=_("Name this search"),
        widget=PythonRenderedTextInput,
        max_length=SavedSearch._meta.get_field("name").max_length,
        required=False,
        help_text=_("Optional. Leave it empty and we will name it after your filters."),
    )
    query = forms.CharField(widget=PythonRenderedHiddenInput, required=False, max_length=4000)

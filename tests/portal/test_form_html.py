"""`PythonRenderedForm` writes what Django's form templates write (whitespace between tags aside)."""

import re
from unittest import mock

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from portal.form_html import PythonRenderedForm
from trips.filters import TripFilter

pytestmark = pytest.mark.django_db


def normalized(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


class Sample(PythonRenderedForm):
    name = forms.CharField(label="Name <b>", help_text="As on your <i>licence</i>.", max_length=5)
    notes = forms.CharField(label="Anything else?", required=False, widget=forms.Textarea)
    age = forms.IntegerField(label="", required=False)

    def clean(self):
        raise forms.ValidationError("Not today & not tomorrow.")


@pytest.mark.parametrize(
    "query",
    ["", "country=HN&language=es&max_cost=3000", "max_cost=lots&starts_after=soon&sort=nearest&specialty=999999"],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_trip_filter_form_is_written_as_the_templates_write_it(query, language):
    with translation.override(language):
        form = TripFilter(QueryDict(query) if query else None).form
        form.is_valid()
        expected = normalized(forms.Form.render(form))
        with mock.patch.object(forms.Form, "render", side_effect=AssertionError("rendered by the templates")):
            assert normalized(form) == expected


@pytest.mark.parametrize("data", [None, {"name": "far too long"}, {"name": "Ana", "age": "x"}])
def test_labels_help_texts_and_errors_are_written_as_the_templates_write_them(data):
    form = Sample(data)
    form.is_valid()
    assert normalized(form) == normalized(forms.Form.render(form))
    assert normalized(form.as_div()) == normalized(forms.Form.render(form))


class WithHidden(PythonRenderedForm):
    name = forms.CharField(label="Name", required=False)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=3)


class OnlyHidden(PythonRenderedForm):
    query = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Nothing to save.")


@pytest.mark.parametrize(
    "form",
    [WithHidden(), WithHidden({"name": "x", "query": "ab"}), OnlyHidden(), OnlyHidden({"query": "a"})],
    ids=["hidden", "hidden-bound", "only-hidden", "only-hidden-with-errors"],
)
def test_hidden_fields_are_written_as_the_templates_write_them(form):
    form.is_valid()
    assert normalized(form) == normalized(forms.Form.render(form))


def test_forms_it_does_not_cover_are_left_to_the_templates():
    class WithRadio(PythonRenderedForm):
        choice = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    hidden_error = WithHidden({"query": "far too long"})
    for form in (WithRadio(), hidden_error):
        form.is_valid()
        assert str(form) == forms.Form.render(form)
    assert WithRadio().as_p() == forms.Form.as_p(WithRadio())

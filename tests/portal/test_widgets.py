import re

import pytest
from django import forms
from django_filters.widgets import BooleanWidget

from physicians.models import Specialty
from portal.widgets import (
    PythonRenderedBooleanSelect,
    PythonRenderedHiddenInput,
    PythonRenderedSelect,
    PythonRenderedTextInput,
)


def _without_whitespace_between_tags(html):
    return re.sub(r">\s+<", "><", html)


def test_python_rendered_select_renders_as_djangos_select_does():
    choices = [("", "---------"), ("NI", "Nicaragua"), ("HT", "Haïti & <Co>"), (3, "Three")]
    # Attributes keep their order (a form's error attributes come before the id); True is a bare name.
    attrs = {
        "aria-invalid": "true",
        "aria-describedby": "id_country_error",
        "required": True,
        "disabled": False,
        "id": "id_country",
    }
    for value in (None, "", "HT", "NI", 3, "nowhere"):
        ours = PythonRenderedSelect(choices=choices).render("country", value, attrs=attrs)
        django = forms.Select(choices=choices).render("country", value, attrs=attrs)
        assert ours == _without_whitespace_between_tags(django)


def test_python_rendered_select_leaves_option_groups_to_django():
    choices = [("", "---------"), ("Americas", [("NI", "Nicaragua"), ("HT", "Haiti")])]
    ours = PythonRenderedSelect(choices=choices).render("country", "HT", attrs={"id": "id_country"})
    assert ours == forms.Select(choices=choices).render("country", "HT", attrs={"id": "id_country"})


@pytest.mark.parametrize("value", [None, True, False, "1", "0", "maybe"])
def test_python_rendered_boolean_select_renders_as_django_filters_does(value):
    ours = PythonRenderedBooleanSelect().render("follow_up_plan", value, attrs={"id": "id_follow_up_plan"})
    theirs = BooleanWidget().render("follow_up_plan", value, attrs={"id": "id_follow_up_plan"})
    assert ours == _without_whitespace_between_tags(theirs)


def test_python_rendered_select_marks_only_the_first_equal_value_and_leaves_multiple_selects_to_django():
    choices = [("", "Any"), ("1", "One"), (1, "One again"), (None, "Nothing")]
    for value in ("1", None, ""):
        ours = PythonRenderedSelect(choices=choices).render("n", value, attrs={"id": "id_n"})
        django = forms.Select(choices=choices).render("n", value, attrs={"id": "id_n"})
        assert ours == _without_whitespace_between_tags(django)
    many = PythonRenderedSelect(choices=choices)
    many.allow_multiple_selected = True
    assert many.render("n", ["1"]) == _without_whitespace_between_tags(
        forms.SelectMultiple(choices=choices).render("n", ["1"])
    )


@pytest.mark.django_db
def test_python_rendered_select_renders_model_choices_as_django_does():
    field = forms.ModelChoiceField(queryset=Specialty.objects.all())
    chosen = str(field.queryset.first().pk)
    ours = PythonRenderedSelect(choices=field.choices).render("specialty", chosen)
    assert ours == _without_whitespace_between_tags(forms.Select(choices=field.choices).render("specialty", chosen))
    assert f'value="{chosen}" selected' in ours


@pytest.mark.parametrize("value", [None, "", "plain", 'a "quoted" <b>&amp;</b>', 7])
def test_python_rendered_inputs_render_as_djangos_inputs_do(value):
    attrs = {"maxlength": "100", "aria-describedby": "id_name_helptext", "required": True, "disabled": False}
    for ours, django in (
        (
            PythonRenderedTextInput(attrs={"placeholder": "Name & <tag>"}),
            forms.TextInput(attrs={"placeholder": "Name & <tag>"}),
        ),
        (PythonRenderedHiddenInput(), forms.HiddenInput()),
    ):
        assert ours.render("name", value, attrs=attrs) == django.render("name", value, attrs=attrs)

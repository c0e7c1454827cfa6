"""Form widgets shared across apps."""

import html
from functools import lru_cache

from django import forms
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget


def _escape(value):
    """django.utils.html.conditional_escape without its lazy-argument wrapper, which cost
    more than the escaping itself over the few hundred options of a page."""
    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attrs_html(attrs):
    """Attributes as django/forms/widgets/attrs.html writes them: in order, True as a bare
    name, False left out (unlike flatatt, which sorts them)."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option_markup(value, selected, label):
    return '<option value="{}"{}>{}</option>'.format(
        _escape(value), " selected" if selected else "", _escape(localize(label))
    )


# Pages repeat the same few hundred options (countries, specialties, languages, in each
# language), so their markup is kept rather than escaped again on every request.
_option_html = lru_cache(maxsize=8192, typed=True)(_option_markup)


class PythonRenderedSelect(forms.Select):
    """A select that renders its options in Python. Django's template includes one
    template per option, which made the filter form the costliest part of the trip
    search page. Same HTML as `forms.Select` but for the whitespace between tags; a
    select with option groups is left to Django's template."""

    def render(self, name, value, attrs=None, renderer=None):
        # Through iter(): list() would ask a ModelChoiceIterator its length, a COUNT query.
        choices = list(iter(self.choices))
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _value, label in choices):
            return self._render_from_context(name, value, attrs, renderer)
        # What `optgroups` builds for a flat single select, without a dict per option: the
        # first option whose value is among the formatted values is the selected one.
        values, chosen, options = self.format_value(value), False, []
        for option_value, label in choices:
            option_value = "" if option_value is None else option_value
            selected = not chosen and str(option_value) in values
            chosen |= selected
            if isinstance(label, Promise):
                label = str(label)
            options.append(
                _option_html(option_value, selected, label)
                if isinstance(label, str) and isinstance(option_value, (str, int))
                else _option_markup(option_value, selected, label)
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            mark_safe(_attrs_html(self.build_attrs(self.attrs, attrs))),
            mark_safe("".join(options)),
        )

    def _render_from_context(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            # As select_option.html: `value|stringformat:'s'`, the option's attrs, the label.
            '<option value="{}"{}>{}</option>'.format(
                _escape("" if option["value"] is None else option["value"]),
                _attrs_html(option["attrs"]),
                _escape(localize(option["label"])),
            )
            for _group_name, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            mark_safe(_attrs_html(widget["attrs"])),
            mark_safe(options),
        )


class PythonRenderedInput(forms.widgets.Input):
    """An input written as django/forms/widgets/input.html writes it, without the template
    engine (two templates an input, on pages that render a form on every visit)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
        return mark_safe(
            f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"{shown}'
            f"{_attrs_html(widget['attrs'])}>"
        )


class PythonRenderedTextInput(PythonRenderedInput, forms.TextInput):
    pass


class PythonRenderedHiddenInput(PythonRenderedInput, forms.HiddenInput):
    pass


class PythonRenderedBooleanSelect(BooleanWidget, PythonRenderedSelect):
    """django-filter's yes/no/unknown select, rendered in Python."""


class AnyYesNoSelect(PythonRenderedBooleanSelect):
    """A yes/no filter whose empty choice reads "Any" (no filter), not "Unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))

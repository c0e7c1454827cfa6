"""A form whose default rendering is written in Python.

Django renders `{{ form }}` through div.html, then a field template, a label template and
an error-list template per field: on the trip search that was a third of the request, more
than the search itself (docs/benchmarks.md). `PythonRenderedForm` writes the same HTML, but
for the whitespace between tags, from the same pieces (the bound fields' widgets, classes,
labels, help texts and errors). A form it does not cover (a field set such as a radio group,
a hidden field with errors, a custom template) is left to Django's templates."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .widgets import _attrs_html

DEFAULT_TEMPLATE = "django/forms/div.html"
# The punctuation that stops the label suffix, translated by Django's own catalogue as label_tag
# reads it; a variable, so that makemessages does not copy the msgid into ours.
LABEL_STOPS = ":?.!"


def _errors_html(errors):
    return str(errors) if errors else ""  # an empty list renders nothing: skip its template


def _label_html(field):
    """As BoundField.label_tag() renders django/forms/label.html."""
    contents = conditional_escape(field.label)
    form = field.form
    suffix = field.field.label_suffix if field.field.label_suffix is not None else form.label_suffix
    if suffix and contents and contents[-1] not in gettext(LABEL_STOPS):
        contents = contents + conditional_escape(suffix)
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    if not id_:
        return contents
    attrs = {}
    id_for_label = widget.id_for_label(id_)
    if id_for_label:
        attrs["for"] = id_for_label
    if field.field.required and hasattr(form, "required_css_class"):
        attrs["class"] = form.required_css_class
    return f"<label{_attrs_html(attrs)}>{contents}</label>"


def _field_html(field, hidden=""):
    """As div.html renders one visible field (its group, django/forms/field.html); `hidden`,
    the hidden fields, go inside the last one's div."""
    classes = field.css_classes()
    parts = [f'<div class="{conditional_escape(classes)}">' if classes else "<div>"]
    if field.label:
        parts.append(_label_html(field))
    if field.help_text:
        id_attr = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{id_attr}>{field.help_text}</div>')
    parts.append(_errors_html(field.errors))
    parts.append(str(field))
    parts.append(hidden)
    parts.append("</div>")
    return "".join(parts)


class PythonRenderedForm(forms.Form):
    def render(self, template_name=None, context=None, renderer=None):
        fields = [self[name] for name in self.fields]
        visible = [field for field in fields if not field.is_hidden]
        hidden = [field for field in fields if field.is_hidden]
        if (
            template_name not in (None, DEFAULT_TEMPLATE)
            or self.template_name != DEFAULT_TEMPLATE
            or context is not None
            or any(field.use_fieldset for field in visible)
            # Their errors join the form's, reworded: rare enough for the templates.
            or any(field.errors for field in hidden)
        ):
            return super().render(template_name, context, renderer)
        errors = _errors_html(self.non_field_errors())
        hidden_html = "".join(str(field) for field in hidden)
        if not visible:
            return mark_safe(errors + (f"<div>{hidden_html}</div>" if errors else hidden_html))
        groups = [_field_html(field) for field in visible[:-1]] + [_field_html(visible[-1], hidden_html)]
        return mark_safe(errors + "".join(groups))

    __str__ = __html__ = render

"""The yes/no badge of an evidence answer, written in Python: as an include it was rendered
sixteen times a trip page, a template lookup and a context each time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.filter
def yes_no(value):
    """The answer as includes/yesno.html wrote it, the translation escaped as `translate` does."""
    if value:
        return SafeString(f'<span class="evidence-yes">{escape(gettext("Yes"))}</span>')
    return SafeString(f'<span class="evidence-no">{escape(gettext("No"))}</span>')

"""The engine's reasons, watch-outs and exclusions in the reader's language:
`{{ note|note_text }}`, autoescaped like any other text."""

from django import template

from matching.explanation_text import note_text

register = template.Library()
register.filter("note_text", note_text)

"""Every template's visible text is inside translation tags: a scan with Django's own template
lexer. Text between tags ({% ... %}, {{ ... }}) that a reader sees, and the attributes they see
(alt, title, placeholder, aria-label), may hold no words, only names on the allow-list."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

# Templates no person reads, each with its reason.
NOT_READ_BY_PEOPLE = {
    "bench/plain_trip_list.html": "the speed benchmark's bare page (manage.py bench_matching)",
    "emails/test_message.txt": "the outbox tests' fixture email",
}
TEMPLATES = sorted(
    path
    for directory in settings.TEMPLATES[0]["DIRS"]
    for path in Path(directory).rglob("*")
    if path.suffix in (".html", ".txt") and str(path.relative_to(directory)) not in NOT_READ_BY_PEOPLE
)
# Names and codes that read the same in every language.
ALLOWED = {"MissionMatch", "CSV", "ICS", "PDF", "API", "OpenAPI", "iCalendar", "JSON"}
INVISIBLE = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", re.S | re.I)
VISIBLE_ATTRIBUTE = re.compile(r"""\b(?:alt|title|placeholder|aria-label)\s*=\s*(["'])(.*?)\1""", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[#\w]+;")
URL_PART = re.compile(r"[#/?=][\w/=&-]*")  # a fragment or path after a {% url %}: "#apply"
WORD = re.compile(r"[^\W\d_][\w'’-]*")
TAG_MARK = "\x00"  # stands for each {% %} / {{ }} / {# #} in the joined text


# Text inside these blocks is a msgid ({% blocktranslate %}) or never shown ({% comment %}).
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}


def _outside_tags(source):
    """The template's own text, each tag replaced by TAG_MARK, blocktranslate bodies left out."""
    parts, closing = [], None
    for token in Lexer(source).tokenize():
        name = token.contents.split(" ", 1)[0] if token.token_type == TokenType.BLOCK else None
        if closing:
            closing = None if name == closing else closing
        elif name in SKIPPED_BLOCKS:
            closing = SKIPPED_BLOCKS[name]
        elif token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        else:
            parts.append(TAG_MARK)
        if closing and parts and parts[-1] != TAG_MARK:
            parts.append(TAG_MARK)
    return "".join(parts)


def visible_words(source):
    text = _outside_tags(source)
    text = INVISIBLE.sub(" ", text)
    attributes = [value for _quote, value in VISIBLE_ATTRIBUTE.findall(text)]
    text = URL_PART.sub(" ", ENTITY.sub(" ", TAG.sub(" ", text)))
    words = []
    for chunk in [text, *attributes]:
        words += [w for w in WORD.findall(chunk.replace(TAG_MARK, " ")) if w not in ALLOWED]
    return words


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_visible_text_outside_translation_tags(path):
    words = visible_words(path.read_text())
    assert not words, f"mark these for translation ({{% translate %}} / {{% blocktranslate %}}): {words}"


def test_the_scan_finds_what_a_reader_would_see():
    source = (
        '{% load i18n %}<p title="Opens a map">Hello {{ name }}</p><script>let hidden = 1;</script>'
        '<button aria-label="{% translate "Close" %}">{% translate "Close" %}</button> MissionMatch'
        "{% blocktranslate %}Dear {{ name }},{% endblocktranslate %}{% comment %}A note{% endcomment %} Bye"
    )
    assert visible_words(source) == ["Hello", "Bye", "Opens", "a", "map"]

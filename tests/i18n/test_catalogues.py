"""The es, fr and pt catalogues are complete, faithful to their msgids' placeholders, really
translated, and current with the code (makemessages --no-location changes nothing)."""

import os
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LANGUAGES = ("es", "fr", "pt")
LOCALE = Path(settings.LOCALE_PATHS[0])
# Names and codes that read the same everywhere, and words spelled the same in one language.
NAMES = {
    "MissionMatch",
    "K'iche'",
    "Kinyarwanda",
    "Luganda",
    "Swahili",
    "Tagalog",
    "Khmer",
    "Hindi",
    "Bengali",
    "Quechua",
    "Hausa",
    "Yoruba",
    "Somali",
    "Urdu",
}
SAME_AS_ENGLISH = {
    "es": NAMES | {"No"},
    "fr": NAMES,
    "pt": NAMES,
}
PYTHON_FORMAT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifr%])")
BRACE_FORMAT = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def catalogue(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po, locale=language)


def messages(language):
    return [message for message in catalogue(language) if message.id]


def forms(message):
    """[(msgid or msgid_plural, translation), ...] for each form of a message."""
    if isinstance(message.id, tuple):
        singular, plural = message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return [(singular if i == 0 else plural, string) for i, string in enumerate(strings)]
    return [(message.id, message.string)]


def placeholders(text, flags):
    found = []
    if "python-format" in flags or PYTHON_FORMAT.search(text):
        found += [f"%({name}){kind}" if name else f"%{kind}" for name, kind in PYTHON_FORMAT.findall(text)]
    if "python-brace-format" in flags:
        found += [f"{{{name}}}" for name in BRACE_FORMAT.findall(text)]
    return sorted(p for p in found if p != "%%")


def shown(problems):
    return f"{len(problems)}:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    problems = [
        f"{'fuzzy' if message.fuzzy else 'untranslated'}: {message.id!r}"
        for message in messages(language)
        if message.fuzzy or not all(string for _msgid, string in forms(message))
    ]
    assert not problems, shown(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_msgid_s_placeholders(language):
    problems = []
    for message in messages(language):
        flags = message.flags
        plural = isinstance(message.id, tuple)
        for index, (msgid, string) in enumerate(forms(message)):
            if not string:
                continue
            expected, got = placeholders(msgid, flags), placeholders(string, flags)
            # A singular form may name its number in words ("one trip"), so it may drop a placeholder.
            if plural and index < len(forms(message)) - 1:
                ok = set(got) <= set(placeholders(message.id[1], flags)) | set(placeholders(message.id[0], flags))
            else:
                ok = got == expected
            if not ok:
                problems.append(f"{msgid!r}: {expected} but {string!r} has {got}")
    assert not problems, shown(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_just_the_english(language):
    problems = [
        f"{msgid!r}"
        for message in messages(language)
        for msgid, string in forms(message)
        if string == msgid and msgid not in SAME_AS_ENGLISH[language] and re.search(r"[^\W\d_]{2}", msgid)
    ]
    assert not problems, shown(problems)


def _message_keys(po_path, language):
    with po_path.open("rb") as po:
        return {(m.context, m.id) for m in read_po(po, locale=language) if m.id}


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")) and not os.environ.get("CI"),
    reason="needs GNU gettext (xgettext, msgmerge); CI installs it and runs this check",
)
def test_the_catalogues_are_current_with_makemessages(tmp_path, monkeypatch):
    """makemessages --no-location over the code today finds exactly the messages the committed
    catalogues hold: none missing (a new string without translations), none left over."""
    assert shutil.which("xgettext"), "GNU gettext is missing: CI installs it (apt-get install gettext)"
    for language in LANGUAGES:
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(LOCALE / language / "LC_MESSAGES" / "django.po", target / "django.po")
    monkeypatch.chdir(settings.BASE_DIR)
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command("makemessages", locale=list(LANGUAGES), no_location=True, verbosity=0)
    for language in LANGUAGES:
        committed = _message_keys(LOCALE / language / "LC_MESSAGES" / "django.po", language)
        current = _message_keys(tmp_path / language / "LC_MESSAGES" / "django.po", language)
        new, gone = sorted(map(str, current - committed))[:20], sorted(map(str, committed - current))[:20]
        assert committed == current, (
            f"{language}: run `DEBUG=1 .venv/bin/python manage.py makemessages --no-location -l es -l fr -l pt` "
            f"and translate; new: {new}, gone: {gone}"
        )


def test_the_placeholder_check_sees_a_renamed_or_dropped_placeholder():
    flags = {"python-format"}
    assert placeholders("Hello %(name)s, %(count)d trips", flags) == ["%(count)d", "%(name)s"]
    assert placeholders("Hola %(nombre)s, %(count)d viajes", flags) != placeholders("Hello %(name)s, %(count)d", flags)
    assert placeholders("{org} invites you", {"python-brace-format"}) == ["{org}"]
    assert placeholders("100%% sure", flags) == []

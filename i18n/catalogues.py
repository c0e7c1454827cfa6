"""Compiling the .po catalogues to the .mo files gettext reads, in pure Python (Babel), so a fresh
clone needs no GNU gettext. The .mo files are not committed: binary catalogues conflict between
branches, and every `make install` rebuilds them from the .po files."""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def po_files(locale_paths, locales=None):
    """Every <locale path>/<language>/LC_MESSAGES/*.po, optionally only for some languages."""
    for base in locale_paths:
        for po in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
            if locales is None or po.parent.parent.name in locales:
                yield po


def compile_po(po, *, force=False):
    """Write po's .mo next to it, skipping fuzzy and empty translations (gettext's default).
    Returns False when the .mo was already newer than the .po. Written to a temporary file and
    renamed, so a parallel test worker never reads half a catalogue."""
    mo = po.with_suffix(".mo")
    if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return False
    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name)
    handle, temporary = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        os.replace(temporary, mo)
    except BaseException:
        os.unlink(temporary)
        raise
    return True

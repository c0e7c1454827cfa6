"""What an uploaded file really is, judged by its bytes and a real parse, never by its name or
declared type. Pure Python (filetype, pypdf, Pillow): no libmagic needed."""

import io

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ACCEPTED_TYPES = ("application/pdf", "image/png", "image/jpeg")
# How much of the file filetype needs to recognise its signature.
SIGNATURE_BYTES = 8192


# pypdf and Pillow are imported where a file is checked: the forms that import this module
# load with every process (commands included), and the two take a fifth of a second to import.


def _parses_as_pdf(data):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return len(reader.pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return False


def _parses_as_image(data, expected_format):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected_format:
                return False
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def credential_content_type(uploaded_file):
    """The file's content type if it is a PDF, PNG or JPEG of at most
    CREDENTIAL_MAX_UPLOAD_BYTES that parses as what its signature says; otherwise a
    ValidationError for the `file` field."""
    limit = settings.CREDENTIAL_MAX_UPLOAD_BYTES
    if uploaded_file.size > limit:
        message = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        raise ValidationError({"file": ValidationError(message, code="too_large")})
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    kind = filetype.guess(data[:SIGNATURE_BYTES])
    mime = kind.mime if kind else None
    parses = {
        "application/pdf": lambda: _parses_as_pdf(data),
        "image/png": lambda: _parses_as_image(data, "PNG"),
        "image/jpeg": lambda: _parses_as_image(data, "JPEG"),
    }
    if mime not in ACCEPTED_TYPES or not parses[mime]():
        message = _("Upload a PDF, PNG or JPEG file; this file is not one (or is damaged).")
        raise ValidationError({"file": ValidationError(message, code="bad_type")})
    return mime

"""The content check: PDF, PNG and JPEG by their bytes and a real parse, at most 10 MB."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from credentials.content import credential_content_type
from tests.factories import image_bytes, pdf_bytes


def upload(data, name="document.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pdf_bytes(), "application/pdf"),
        (image_bytes("PNG"), "image/png"),
        (image_bytes("JPEG"), "image/jpeg"),
    ],
)
def test_real_pdf_png_and_jpeg_are_accepted_whatever_their_name(data, expected):
    assert credential_content_type(upload(data, name="scan.bin", content_type="application/octet-stream")) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><html><script>alert(1)</script></html>",
        b"%PDF-1.7\n<html>not really a pdf</html>",  # a PDF signature that does not parse
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a PNG signature with no image behind it
        b"GIF89a" + b"\x00" * 64,
        b"",
    ],
    ids=["html", "fake-pdf", "fake-png", "gif", "empty"],
)
def test_anything_else_named_pdf_is_refused(data):
    with pytest.raises(ValidationError) as refused:
        credential_content_type(upload(data))
    assert "file" in refused.value.message_dict


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.CREDENTIAL_MAX_UPLOAD_BYTES = 1000
    data = pdf_bytes()
    assert len(data) < 1000
    assert credential_content_type(upload(data)) == "application/pdf"
    with pytest.raises(ValidationError) as refused:
        credential_content_type(upload(data + b"\n" * 1000))
    assert refused.value.error_dict["file"][0].code == "too_large"

"""/api/v1/me/credentials/: multipart upload checked by content, list, delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import vocabulary
from credentials.models import CredentialDocument
from tests.factories import CredentialDocumentFactory, PhysicianProfileFactory, pdf_bytes

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/credentials/"


def multipart(data, name="licence.pdf", **extra):
    return {
        "kind": vocabulary.MEDICAL_LICENCE,
        "issuer": "Medical Board of California",
        "number": "A123456",
        "expires_on": "2030-06-30",
        "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        **extra,
    }


def test_upload_list_and_delete(client, physician, django_capture_on_commit_callbacks):
    client.force_login(physician.user)
    created = client.post(URL, multipart(pdf_bytes()))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["review_status"] == "pending" and body["verified"] is False
    assert body["download_url"] == f"/credentials/{body['id']}/download/"
    assert "file" not in body  # never a storage path or URL
    listed = client.get(URL).json()
    assert [d["id"] for d in listed["results"]] == [body["id"]]
    document = CredentialDocument.objects.get(pk=body["id"])
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"{URL}{body['id']}/").status_code == 204
    assert not storage.exists(name)


def test_a_spoofed_pdf_is_a_400_on_file(client, physician):
    client.force_login(physician.user)
    response = client.post(URL, multipart(b"<html><script>alert(1)</script></html>"))
    assert response.status_code == 400
    assert "file" in response.json()
    assert not CredentialDocument.objects.exists()


def test_bad_fields_are_400s_with_field_messages(client, physician):
    client.force_login(physician.user)
    response = client.post(URL, multipart(pdf_bytes(), kind="tattoo", issued_on="2031-01-01"))
    assert response.status_code == 400
    assert "kind" in response.json()
    response = client.post(URL, multipart(pdf_bytes(), issued_on="2031-01-01"))
    assert response.status_code == 400
    assert "expires_on" in response.json()


def test_a_physician_sees_and_deletes_only_their_own(client, physician):
    theirs = CredentialDocumentFactory(physician=PhysicianProfileFactory())
    client.force_login(physician.user)
    assert client.get(URL).json()["results"] == []
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 404
    assert CredentialDocument.objects.filter(pk=theirs.pk).exists()


def test_members_and_anonymous_are_refused(client, member):
    assert client.get(URL).status_code == 401  # unauthenticated: 401 with WWW-Authenticate
    client.force_login(member)
    assert client.get(URL).status_code == 403
    assert client.post(URL, multipart(pdf_bytes())).status_code == 403

"""Credential documents through the pages: upload, the streamed download and who gets it,
the download log, delete, admin review, a trip's required documents."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import vocabulary
from applications.models import ApplicationStatus
from applications.services import application_withdraw
from credentials.models import CredentialDocument, CredentialDownload, ReviewStatus, TripDocumentRequirement
from tests.credentials.conftest import IDENTITIES, as_identity
from tests.factories import ApplicationFactory, CredentialDocumentFactory, TripFactory, image_bytes, pdf_bytes
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


def download_url(document):
    return reverse("credentials:download", args=[document.pk])


def upload_form(data, name="licence.pdf", **extra):
    return {
        "kind": vocabulary.MEDICAL_LICENCE,
        "issuer": "Medical Board of California",
        "number": "A123456",
        "issued_on": "2020-07-01",
        "expires_on": "2030-06-30",
        "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        **extra,
    }


def test_a_physician_uploads_a_document_stored_privately_under_a_random_name(client, physician):
    client.force_login(physician.user)
    response = client.post(reverse("credentials:mine"), upload_form(pdf_bytes(), name="my-licence.pdf"))
    assert response.status_code == 302
    document = CredentialDocument.objects.get(physician=physician)
    assert document.review_status == ReviewStatus.PENDING
    assert document.content_type == "application/pdf"
    assert "my-licence" not in document.file.name
    assert document.file.storage.exists(document.file.name)
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018  (no URL serves the storage)
    page = client.get(reverse("credentials:mine"))
    assert "Medical licence" in page.content.decode()


def test_an_html_file_named_pdf_is_refused_with_a_form_error(client, physician):
    client.force_login(physician.user)
    response = client.post(reverse("credentials:mine"), upload_form(b"<html><body>hi</body></html>"))
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not CredentialDocument.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(client, physician):
    client.force_login(physician.user)
    big = pdf_bytes() + b"\n" * (10 * 1024 * 1024)
    response = client.post(reverse("credentials:mine"), upload_form(big))
    assert response.status_code == 200
    assert "larger than" in str(response.context["form"].errors["file"])
    assert not CredentialDocument.objects.exists()


def test_an_expiry_before_the_issue_is_a_form_error(client, physician):
    client.force_login(physician.user)
    response = client.post(reverse("credentials:mine"), upload_form(pdf_bytes(), expires_on="2019-01-01"))
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors


def test_an_organization_member_cannot_open_the_physician_documents_page(client, member):
    client.force_login(member)
    assert client.get(reverse("credentials:mine")).status_code == 404


# Who may download: the owner, admins, and members of the applied organization for a kind the trip requires.
LICENCE_EXPECTED = {
    "owner": 200,
    "other_physician": 404,
    "member": 200,
    "other_member": 404,
    "admin": 200,
    "anonymous": 302,
}
CV_EXPECTED = {**LICENCE_EXPECTED, "member": 404}  # the trip does not require a CV


@pytest.mark.parametrize("identity", IDENTITIES)
def test_download_by_identity(client, world, identity):
    as_identity(client, world, identity)
    for document, expected in ((world["licence"], LICENCE_EXPECTED), (world["cv"], CV_EXPECTED)):
        response = client.get(download_url(document))
        assert response.status_code == expected[identity], (identity, document.kind)
        if response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF")
    logged = (
        CredentialDownload.objects.filter(downloaded_by=world["users"][identity]) if identity != "anonymous" else []
    )
    assert len(logged) == sum(expected[identity] == 200 for expected in (LICENCE_EXPECTED, CV_EXPECTED))


def test_every_download_is_logged_with_who_when_and_which(client, world):
    as_identity(client, world, "member")
    before = timezone.now()
    client.get(download_url(world["licence"]))
    client.get(download_url(world["licence"]))
    entries = list(CredentialDownload.objects.all())
    assert len(entries) == 2
    assert {e.downloaded_by for e in entries} == {world["users"]["member"]}
    assert {e.document for e in entries} == {world["licence"]}
    assert all(e.downloaded_at >= before for e in entries)
    assert "Medical licence" in entries[0].document_description


def test_a_withdrawn_application_no_longer_shares_documents(client, world):
    application_withdraw(application=world["application"], by_user=world["users"]["owner"])
    as_identity(client, world, "member")
    assert client.get(download_url(world["licence"])).status_code == 404


@pytest.mark.parametrize(("days_after_trip", "expected"), [(29, 200), (31, 404)])
def test_an_accepted_application_shares_until_thirty_days_after_the_trip(client, world, days_after_trip, expected):
    today = timezone.localdate()
    end = today - timedelta(days=days_after_trip)
    past = TripFactory(
        organization=world["organization"],
        status=TripStatus.COMPLETED,
        start_date=end - timedelta(days=7),
        end_date=end,
        application_deadline=end - timedelta(days=30),
    )
    TripDocumentRequirement.objects.create(trip=past, kind=vocabulary.CV)
    ApplicationFactory(physician=world["physician"], trip=past, status=ApplicationStatus.ACCEPTED)
    as_identity(client, world, "member")
    assert client.get(download_url(world["cv"])).status_code == expected


def test_deleting_a_document_deletes_its_stored_file(client, world, django_capture_on_commit_callbacks):
    licence = world["licence"]
    storage, name = licence.file.storage, licence.file.name
    assert storage.exists(name)
    as_identity(client, world, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("credentials:delete", args=[licence.pk]))
    assert response.status_code == 302
    assert not CredentialDocument.objects.filter(pk=licence.pk).exists()
    assert not storage.exists(name)


@pytest.mark.parametrize("identity", ["other_physician", "member", "other_member", "admin"])
def test_only_the_owner_deletes(client, world, identity):
    as_identity(client, world, identity)
    assert client.post(reverse("credentials:delete", args=[world["licence"].pk])).status_code == 404
    assert CredentialDocument.objects.filter(pk=world["licence"].pk).exists()


def test_anonymous_cannot_delete(client, world):
    response = client.post(reverse("credentials:delete", args=[world["licence"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert CredentialDocument.objects.filter(pk=world["licence"].pk).exists()


def test_an_expired_document_is_no_longer_verified(world):
    licence = world["licence"]
    assert licence.is_verified()
    assert licence.is_verified(today=licence.expires_on)
    assert not licence.is_verified(today=licence.expires_on + timedelta(days=1))
    assert CredentialDocument.objects.verified(today=licence.expires_on + timedelta(days=1)).count() == 0
    assert list(CredentialDocument.objects.verified()) == [licence]


def test_application_documents_page_shows_required_documents_to_the_organization(client, world):
    url = reverse("credentials:application-documents", args=[world["application"].pk])
    expected = {"owner": 200, "other_physician": 404, "member": 200, "other_member": 404, "admin": 200}
    for identity, status in expected.items():
        as_identity(client, world, identity)
        response = client.get(url)
        assert response.status_code == status, identity
        if status == 200:
            text = response.content.decode()
            assert "Verified by MissionMatch" in text
            assert download_url(world["licence"]) in text
            assert download_url(world["cv"]) not in text
    assert client.logout() is None
    assert client.get(url).status_code == 302


def test_members_set_a_trips_required_documents(client, world):
    url = reverse("credentials:trip-requirements", args=[world["trip"].pk])
    for identity in ("owner", "other_physician", "other_member", "admin"):
        as_identity(client, world, identity)
        assert client.post(url, {"require_passport": "on", "days_passport": "45"}).status_code == 404, identity
    as_identity(client, world, "member")
    response = client.post(url, {"require_passport": "on", "days_passport": "45"})
    assert response.status_code == 302
    assert {(r.kind, r.days_before_departure) for r in world["trip"].document_requirements.all()} == {
        (vocabulary.PASSPORT, 45)
    }
    bad = client.post(url, {"require_cv": "on", "days_cv": "not a number"})
    assert bad.status_code == 200 and "days_cv" in bad.context["form"].errors


def test_admin_verifies_and_rejects_with_a_reason_recorded_with_who_and_when(admin_client, admin_user, world):
    cv = world["cv"]
    url = reverse("admin:credentials_credentialdocument_change", args=[cv.pk])
    assert admin_client.get(url).status_code == 200
    inline = {"downloads-TOTAL_FORMS": "0", "downloads-INITIAL_FORMS": "0"}
    response = admin_client.post(url, {"decision": "rejected", "reason": "", **inline})
    assert response.status_code == 200  # a rejection without a reason is refused
    cv.refresh_from_db()
    assert cv.review_status == ReviewStatus.PENDING
    response = admin_client.post(url, {"decision": "rejected", "reason": "The scan is unreadable.", **inline})
    assert response.status_code == 302
    cv.refresh_from_db()
    assert (cv.review_status, cv.review_reason, cv.reviewed_by) == (
        ReviewStatus.REJECTED,
        "The scan is unreadable.",
        admin_user,
    )
    assert cv.reviewed_at is not None
    admin_client.post(url, {"decision": "verified", "reason": "", **inline})
    cv.refresh_from_db()
    assert cv.review_status == ReviewStatus.VERIFIED


def test_a_png_scan_is_served_as_png(client, physician):
    document = CredentialDocumentFactory(
        physician=physician,
        kind=vocabulary.PASSPORT,
        file__data=image_bytes("PNG"),
        file__filename="passport.png",
        content_type="image/png",
    )
    client.force_login(physician.user)
    response = client.get(download_url(document))
    assert response["Content-Type"] == "image/png"
    assert 'filename="passport.png"' in response["Content-Disposition"]

"""Credential pages: a physician's documents, the streamed download, a trip's required
documents (members), an application's documents (members and the applicant)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application
from organizations.rules import is_member_of
from physicians.models import PhysicianProfile
from trips.models import Trip

from .forms import CredentialDocumentForm, TripDocumentRequirementsForm
from .models import CredentialDocument
from .selectors import (
    application_documents,
    applications_sharing_documents,
    credential_documents_for_physician,
    document_requirements_for_trip,
)
from .services import (
    credential_document_delete,
    credential_document_upload,
    credential_download_record,
    trip_document_requirements_set,
)


def _physician(request):
    physician = PhysicianProfile.objects.filter(user=request.user).first()
    if physician is None:
        raise Http404
    return physician


@login_required
def my_documents(request):
    physician = _physician(request)
    form = CredentialDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            credential_document_upload(physician=physician, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Document uploaded. Our team will review it."))
            return redirect("credentials:mine")
    documents = credential_documents_for_physician(physician=physician)
    return render(request, "credentials/my_documents.html", {"form": form, "documents": documents})


@login_required
@require_POST
def delete(request, pk):
    document = get_object_or_404(CredentialDocument.objects.select_related("physician"), pk=pk)
    # rules.has_perm, not user.has_perm: a superuser holds every permission, but even admins
    # do not delete a physician's documents.
    if not rules.has_perm("credentials.delete_document", request.user, document):
        raise Http404
    credential_document_delete(document=document, by_user=request.user)
    messages.success(request, _("Document deleted."))
    return redirect("credentials:mine")


@login_required
def download(request, pk):
    """Stream the file as an attachment to the people allowed; 404 to everyone else, so the
    existence of a document is not revealed. Every download is logged."""
    document = get_object_or_404(CredentialDocument.objects.select_related("physician"), pk=pk)
    if not request.user.has_perm("credentials.download_document", document):
        raise Http404
    credential_download_record(document=document, user=request.user)
    try:
        stored = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored, as_attachment=True, filename=document.download_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _trip_for_member(request, pk):
    trip = get_object_or_404(Trip.objects.select_related("organization"), pk=pk)
    if not is_member_of(request.user, trip.organization_id):
        raise Http404
    return trip


@login_required
def trip_requirements(request, pk):
    trip = _trip_for_member(request, pk)
    current = {r.kind: r.days_before_departure for r in document_requirements_for_trip(trip=trip)}
    form = TripDocumentRequirementsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            trip_document_requirements_set(trip=trip, by_user=request.user, requirements=form.requirements())
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("Required documents saved."))
        return redirect("credentials:trip-requirements", pk=trip.pk)
    return render(request, "credentials/trip_requirements.html", {"trip": trip, "form": form})


@login_required
def application_documents_page(request, pk):
    """The documents an application's trip requires, as the organization (or the applicant) sees them."""
    application = get_object_or_404(
        Application.objects.select_related("trip__organization", "physician", "specialty"), pk=pk
    )
    is_applicant = application.physician.user_id == request.user.pk
    if not (is_applicant or request.user.is_staff or is_member_of(request.user, application.trip.organization_id)):
        raise Http404
    rows = application_documents(application=application)
    # The same rule as credentials.download_document, answered once for the whole page: a
    # member sees the documents only while the application shares them.
    if not (is_applicant or request.user.is_staff):
        if not applications_sharing_documents().filter(pk=application.pk).exists():
            for row in rows:
                row["documents"] = []
    return render(
        request,
        "credentials/application_documents.html",
        {"application": application, "rows": rows, "is_applicant": is_applicant},
    )

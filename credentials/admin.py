from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import CredentialReviewForm
from .models import CredentialDocument, CredentialDownload, TripDocumentRequirement
from .services import credential_document_review


class CredentialDownloadInline(admin.TabularInline):
    model = CredentialDownload
    extra = 0
    can_delete = False
    fields = ["downloaded_at", "downloaded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CredentialDocument)
class CredentialDocumentAdmin(admin.ModelAdmin):
    """Admins verify or reject a document with a reason; who and when are recorded by the service."""

    form = CredentialReviewForm
    list_display = ["physician", "kind", "issuer", "expires_on", "review_status", "reviewed_by", "reviewed_at"]
    list_filter = ["review_status", "kind"]
    search_fields = ["physician__display_name", "physician__user__email", "issuer", "number"]
    list_select_related = ["physician", "reviewed_by"]
    readonly_fields = [
        "physician",
        "kind",
        "issuer",
        "number",
        "issued_on",
        "expires_on",
        "download_link",
        "content_type",
        "size_bytes",
        "uploaded_at",
        "review_status",
        "review_reason",
        "reviewed_by",
        "reviewed_at",
    ]
    inlines = [CredentialDownloadInline]

    def has_add_permission(self, request):
        return False  # physicians upload their own documents

    def has_delete_permission(self, request, obj=None):
        return False  # only the owner deletes (which deletes the file); admins reject

    @admin.display(description=_("file"))
    def download_link(self, obj):
        return format_html('<a href="{}">download</a>', reverse("credentials:download", args=[obj.pk]))

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if decision:
            credential_document_review(
                document=obj, decision=decision, by_user=request.user, reason=form.cleaned_data.get("reason", "")
            )


@admin.register(CredentialDownload)
class CredentialDownloadAdmin(admin.ModelAdmin):
    list_display = ["document_description", "downloaded_by", "downloaded_at"]
    list_select_related = ["downloaded_by"]
    readonly_fields = ["document", "document_description", "downloaded_by", "downloaded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TripDocumentRequirement)
class TripDocumentRequirementAdmin(admin.ModelAdmin):
    list_display = ["trip", "kind", "days_before_departure"]
    list_filter = ["kind"]
    raw_id_fields = ["trip"]

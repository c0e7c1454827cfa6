from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import vocabulary
from matching.admin_mixins import EngineInputAdminMixin

from .forms import EVIDENCE_SECTIONS
from .models import (
    HostClaimResponse,
    HostFeedback,
    HostPartnerLink,
    LocalPartner,
    Organization,
    OrganizationMembership,
    ScorecardItem,
    VettingDecision,
    VettingStatus,
)
from .services import host_link_create, organization_change_vetting_status


class LocalPartnerInline(admin.TabularInline):
    model = LocalPartner
    extra = 0


class MembershipInline(admin.TabularInline):
    model = OrganizationMembership
    extra = 0
    autocomplete_fields = ["user"]


class VettingDecisionInline(admin.TabularInline):
    """The vetting history, read-only: decisions are made through the actions."""

    model = VettingDecision
    extra = 0
    can_delete = False
    fields = ["decided_at", "decided_by", "from_status", "to_status", "reason"]
    readonly_fields = fields
    ordering = ["-decided_at", "-id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScorecardItemInline(admin.TabularInline):
    """The ethics scorecard: every item listed, judged against evidence; who judged is recorded."""

    model = ScorecardItem
    fields = ["item", "status", "evidence", "judged_by", "judged_at"]
    readonly_fields = ["judged_by", "judged_at"]
    can_delete = False
    verbose_name = _("ethics scorecard item")
    verbose_name_plural = _("ethics scorecard (met / partly / not met / unknown, with the evidence seen)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        judged = set(obj.scorecard_items.values_list("item", flat=True)) if obj else set()
        missing = [key for key in vocabulary.SCORECARD_ITEM_KEYS if key not in judged]

        class EveryItem(formset):
            # Untouched extra rows stay unsaved: only real judgements are stored.
            extra = len(missing)
            max_num = len(vocabulary.SCORECARD_ITEM_KEYS)

            def __init__(self, *args, **kwargs):
                kwargs["initial"] = [{"item": key} for key in missing]
                super().__init__(*args, **kwargs)

        return EveryItem


class VettingReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in each organization's vetting history. The organization may be shown it."),
    )


def _vetting_action(to_status, description):
    """Build an admin action that asks for a reason on an intermediate page, then moves
    every selected organization to `to_status` through the vetting service."""

    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = VettingReasonForm(request.POST)
            if form.is_valid():
                done, refused = 0, []
                for organization in queryset:
                    try:
                        organization_change_vetting_status(
                            organization=organization,
                            to_status=to_status,
                            decided_by=request.user,
                            reason=form.cleaned_data["reason"],
                        )
                        done += 1
                    except ValidationError as error:
                        refused.append(f"{organization.name}: {' '.join(error.messages)}")
                if done:
                    modeladmin.message_user(
                        request,
                        ngettext(
                            "%(count)d organization is now %(status)s.",
                            "%(count)d organizations are now %(status)s.",
                            done,
                        )
                        % {"count": done, "status": VettingStatus(to_status).label.lower()},
                        messages.SUCCESS,
                    )
                for message in refused:
                    modeladmin.message_user(request, message, messages.ERROR)
                return None
        else:
            form = VettingReasonForm()
        return TemplateResponse(
            request,
            "admin/organizations/vetting_reason.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": description,
                "organizations": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "opts": modeladmin.model._meta,
                "target_status": VettingStatus(to_status).label,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    action.__name__ = f"vet_{to_status}"
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


@admin.register(Organization)
class OrganizationAdmin(EngineInputAdminMixin, admin.ModelAdmin):
    engine_input_ids = "organization_ids"
    list_display = [
        "name",
        "vetting_status",
        "registration_country",
        "is_faith_based",
        "runs_year_round_facility",
        "has_follow_up_plan",
        "trains_local_staff",
        "updated_at",
    ]
    list_filter = [
        "vetting_status",
        "registration_country",
        "is_faith_based",
        "runs_year_round_facility",
        "trains_local_staff",
    ]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["vetting_status", "created_at", "updated_at"]
    inlines = [ScorecardItemInline, LocalPartnerInline, MembershipInline, VettingDecisionInline]
    actions = [
        "ask_host_partners",
        _vetting_action(VettingStatus.VERIFIED, _("Approve (verify) selected organizations")),
        _vetting_action(VettingStatus.NEEDS_INFORMATION, _("Request information from selected organizations")),
        _vetting_action(VettingStatus.REJECTED, _("Reject selected organizations")),
        _vetting_action(VettingStatus.SUSPENDED, _("Suspend selected organizations")),
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "website", "registration_country", "description", "countries_served"]}),
        (_("Vetting"), {"fields": ["vetting_status", "created_at", "updated_at"]}),
        (_("Faith"), {"fields": ["is_faith_based", "faith_tradition"]}),
        *EVIDENCE_SECTIONS,
    ]

    def has_delete_permission(self, request, obj=None):
        # Reject or suspend instead: the vetting history is the audit trail and must outlive it.
        return False

    @admin.action(description=_("Ask host partners to confirm or dispute the organization's claims"))
    def ask_host_partners(self, request, queryset):
        sent, missing = 0, []
        for organization in queryset.prefetch_related("local_partners"):
            partners = [p for p in organization.local_partners.all() if p.contact_email]
            if not partners:
                missing.append(organization.name)
            for partner in partners:
                host_link_create(partner=partner, kind=vocabulary.HOST_CONFIRMATION, created_by=request.user)
                sent += 1
        self.message_user(
            request,
            ngettext("%(n)d private link sent to host partners.", "%(n)d private links sent to host partners.", sent)
            % {"n": sent},
            messages.SUCCESS,
        )
        for name in missing:
            self.message_user(
                request, _("%(org)s names no host partner with an email address.") % {"org": name}, messages.WARNING
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is ScorecardItem:
            items = formset.save(commit=False)
            for item in items:
                item.judged_by = request.user
                item.save()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


@admin.register(VettingDecision)
class VettingDecisionAdmin(admin.ModelAdmin):
    list_display = ["organization", "from_status", "to_status", "decided_by", "decided_at"]
    list_filter = ["to_status"]
    search_fields = ["organization__name", "reason"]
    list_select_related = ["organization", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HostPartnerLink)
class HostPartnerLinkAdmin(ReadOnlyAdmin):
    list_display = ["partner", "kind", "trip", "email", "language", "created_at", "expires_at", "used_at"]
    list_filter = ["kind", "language"]
    list_select_related = ["partner", "trip"]
    exclude = ["token"]  # the link is the credential: never shown again


@admin.register(HostClaimResponse)
class HostClaimResponseAdmin(ReadOnlyAdmin):
    # The partner's own words, with the language they wrote them in.
    list_display = ["organization", "claim", "verdict", "comment", "language", "created_at"]
    list_filter = ["verdict", "claim", "language"]
    search_fields = ["organization__name", "comment"]
    list_select_related = ["organization"]


@admin.register(HostFeedback)
class HostFeedbackAdmin(ReadOnlyAdmin):
    list_display = [
        "organization",
        "trip",
        "follow_ups_handed_over",
        "local_staff_learned",
        "would_host_again",
        "comment",
        "language",
        "created_at",
    ]
    list_filter = ["follow_ups_handed_over", "local_staff_learned", "would_host_again", "language"]
    search_fields = ["organization__name", "comment"]
    list_select_related = ["organization", "trip"]

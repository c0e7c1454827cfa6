from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import OutboundEmail, SavedSearch, SavedTrip
from .services import email_requeue


class DeliveryFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("pending", _("Waiting")), ("sent", _("Sent")), ("dead", _("Dead"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.undelivered()
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "dead":
            return queryset.dead()
        return queryset


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "created_at", "sent_at", "attempts", "next_attempt_at", "dead_at"]
    list_filter = [DeliveryFilter]
    search_fields = ["to", "subject"]
    fields = [
        "to",
        "subject",
        "shown_body",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "claimed_until",
        "dead_at",
        "last_error",
    ]
    readonly_fields = fields
    actions = ["requeue"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("body"))
    def shown_body(self, email):
        # A reset or confirmation link signs in whoever holds it: not even admins read those.
        if email.body_is_secret:
            return gettext("Hidden: this email holds a sign-in, password-reset or confirmation link.")
        return email.body

    @admin.action(description=_("Re-queue the selected dead emails"), permissions=["change"])
    def requeue(self, request, queryset):
        requeued = email_requeue(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d dead email re-queued.", "%(count)d dead emails re-queued.", requeued)
            % {"count": requeued},
            messages.SUCCESS if requeued else messages.WARNING,
        )


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "query", "is_active", "created_at", "last_notified_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "user__email", "query"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "last_notified_at"]


@admin.register(SavedTrip)
class SavedTripAdmin(admin.ModelAdmin):
    list_display = ["trip", "user", "created_at", "deadline_reminder_sent_at"]
    search_fields = ["trip__title", "user__email"]
    raw_id_fields = ["user", "trip"]
    readonly_fields = ["created_at", "deadline_reminder_sent_at"]

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .jobs import HAND_OVER_AGAIN_AFTER, round_job_enqueue
from .models import (
    ACTIVE_JOB_STATES,
    MatchAssignment,
    MatchPreference,
    MatchRound,
    RoundJob,
    RoundJobKind,
    RoundJobState,
    TripApplicantRanking,
)
from .round_summary import round_summary_in_words

# How often a round's page reloads itself while a job is queued or running.
PROGRESS_REFRESH_SECONDS = 3


def job_outcome_in_words(job):
    """What a job did or is doing, for people: the phase and share while it runs, the
    summary in words and numbers when done, the reason when it failed."""
    if job.awaits_broker and job.created_at <= timezone.now() - HAND_OVER_AGAIN_AFTER:
        return gettext("Queued: the task queue could not be reached; it is tried again every minute.")
    if job.state == RoundJobState.QUEUED:
        return gettext("Queued: waiting for a worker.")
    if job.state == RoundJobState.RUNNING:
        return gettext("Running: %(phase)s (%(percent)s%%).") % {
            "phase": job.phase_display or gettext("starting"),
            "percent": job.percent,
        }
    if job.state == RoundJobState.FAILED:
        return gettext("Failed: %(reason)s") % {"reason": job.error}
    summary = job.summary
    if job.kind == RoundJobKind.FINALISE:
        return gettext("Done: %(round)s is finalised: %(filled)s places filled by accepted applications.") % {
            "round": job.match_round,
            "filled": number_format(summary.get("filled", 0)),
        }
    return gettext(
        "Done: %(matched)s of %(physicians)s physicians matched to %(places)s places; %(unmatched)s unmatched, "
        "%(apart)s couples placed apart."
    ) % {
        "matched": number_format(summary.get("matched", 0)),
        "physicians": number_format(summary.get("physicians", 0)),
        "places": number_format(summary.get("places", 0)),
        "unmatched": number_format(summary.get("unmatched", 0)),
        "apart": number_format(summary.get("couples_apart", 0)),
    }


def round_summary_html(match_round):
    """The round's summary in words (the include is shared by every admin page that shows a round)."""
    return render_to_string(
        "admin/matching/includes/round_summary.html", {"summary_lines": round_summary_in_words(match_round.summary)}
    )


def rounds_before_deadline(rounds, today=None):
    """The rounds whose preferences are still open today."""
    today = today or timezone.localdate()
    return [r for r in rounds if r.preference_deadline is not None and r.preference_deadline >= today]


def run_round_confirmation(modeladmin, request, queryset):
    """The page that asks an admin to confirm running rounds before their preference deadline,
    or None when no round needs it (or the admin has confirmed)."""
    if request.POST.get("confirm_before_deadline"):
        return None
    rounds = list(queryset.annotate(ranking_physicians=Count("preferences__physician", distinct=True)))
    early = rounds_before_deadline(rounds)
    if not early:
        return None
    return TemplateResponse(
        request,
        "admin/matching/run_round_confirm.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Run before the preference deadline?"),
            "rounds": rounds,
            "early_rounds": early,
            "other_rounds": [r for r in rounds if r not in early],
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(MatchRound)
class MatchRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "preference_deadline", "run_at", "finalised_at", "summary_in_words"]
    list_filter = ["status"]
    readonly_fields = [
        "progress",
        "status",
        "run_at",
        "run_by",
        "summary_in_words",
        "finalised_at",
        "finalised_by",
        "created_at",
    ]
    exclude = ["summary"]
    actions = ["run_round", "finalise_round"]

    @admin.display(description=_("summary"))
    def summary_in_words(self, match_round):
        return round_summary_html(match_round)

    @admin.display(description=_("latest job"))
    def progress(self, match_round):
        if match_round.pk is None:  # the add page
            return "—"
        job = match_round.jobs.order_by("-created_at", "-id").first()
        if job is None:
            return gettext("None yet: run the round from the list of rounds.")
        words = job_outcome_in_words(job)
        if job.state == RoundJobState.RUNNING:
            return format_html(
                '<progress max="100" value="{}">{}%</progress> {} <br>{}',
                job.percent,
                job.percent,
                job.get_kind_display(),
                words,
            )
        return format_html("{}: {}", job.get_kind_display(), words)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        busy = RoundJob.objects.filter(match_round_id=object_id, state__in=ACTIVE_JOB_STATES).exists()
        extra_context = {**(extra_context or {}), "refresh_seconds": PROGRESS_REFRESH_SECONDS if busy else None}
        return super().change_view(request, object_id, form_url, extra_context)

    def _enqueue(self, request, queryset, kind):
        for match_round in queryset:
            try:
                round_job_enqueue(match_round=match_round, kind=kind, requested_by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("%(round)s is queued.") % {"round": match_round},
                    reverse("admin:matching_matchround_change", args=[match_round.pk]),
                    gettext("Follow its progress on the round's page."),
                ),
                messages.SUCCESS,
            )

    @admin.action(description=_("Run (or re-run) the selected rounds"), permissions=["change"])
    def run_round(self, request, queryset):
        confirmation = run_round_confirmation(self, request, queryset)
        if confirmation is not None:
            return confirmation
        self._enqueue(request, queryset, RoundJobKind.RUN)

    @admin.action(
        description=_("Finalise the selected rounds: accept every matched physician and fill the places"),
        permissions=["change"],
    )
    def finalise_round(self, request, queryset):
        self._enqueue(request, queryset, RoundJobKind.FINALISE)


@admin.register(RoundJob)
class RoundJobAdmin(admin.ModelAdmin):
    list_display = ["match_round", "kind", "state", "phase", "done", "total", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["match_round"]
    readonly_fields = [f.name for f in RoundJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchPreference)
class MatchPreferenceAdmin(admin.ModelAdmin):
    list_display = ["match_round", "physician", "rank", "trip"]
    list_filter = ["match_round"]
    list_select_related = ["match_round", "physician", "trip"]
    raw_id_fields = ["physician", "trip"]


@admin.register(TripApplicantRanking)
class TripApplicantRankingAdmin(admin.ModelAdmin):
    list_display = ["match_round", "trip", "rank", "physician"]
    list_filter = ["match_round"]
    list_select_related = ["match_round", "physician", "trip"]
    raw_id_fields = ["physician", "trip"]


@admin.register(MatchAssignment)
class MatchAssignmentAdmin(admin.ModelAdmin):
    list_display = ["match_round", "physician", "trip", "specialty", "preference_rank"]
    list_filter = ["match_round", "specialty"]
    list_select_related = ["match_round", "physician", "trip", "specialty"]
    search_fields = ["physician__display_name", "trip__title"]

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmailQuerySet(models.QuerySet):
    def undelivered(self):
        """Not sent and not given up on."""
        return self.filter(sent_at__isnull=True, dead_at__isnull=True)

    def dead(self):
        return self.filter(sent_at__isnull=True, dead_at__isnull=False)

    def unclaimed(self, now):
        """No worker holds a live claim on them."""
        return self.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


class OutboundEmail(models.Model):
    """An email we owe someone. Written in the same transaction as the decision that
    causes it, so a failing mail server can delay a message but never lose it; delivered by
    a worker that claims the row first (`claimed_until`), so it goes out once per claim."""

    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    # Password-reset and confirmation emails carry a link that signs someone in: admins never see those bodies.
    body_is_secret = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When the sweep next hands it to a worker (after a failure: the backoff).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker delivering it holds it until then; an expired claim belongs to a crashed worker.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    # Refused for good (a 5xx answer) or out of retries: kept, shown in admin, re-queued by hand.
    dead_at = models.DateTimeField(null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbound_email_pending"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True, dead_at__isnull=True),
                name="outbound_email_due",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def is_dead(self):
        return self.dead_at is not None and self.sent_at is None


def new_token():
    """A private, unguessable link token (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A trip search a user asked us to watch. `query` is the search page's query string,
    normalised (known filters only, sorted keys, no empty values, no page), so the same
    search saved twice is the same string."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("search"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Trips that opened up to this moment have been checked against the search (emailed or not matching).
    last_notified_at = models.DateTimeField(null=True, blank=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    is_active = models.BooleanField(_("email alerts on"), default=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("saved searches")
        constraints = [models.UniqueConstraint(fields=["user", "query"], name="saved_search_once_per_user")]
        indexes = [models.Index(fields=["is_active", "created_at"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The search results page for this search."""
        url = reverse("trips:list")
        return f"{url}?{self.query}" if self.query else url

    @property
    def checked_since(self):
        return self.last_notified_at or self.created_at


class SavedSearchNotification(models.Model):
    """A trip a saved search has been emailed about: never twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="notifications")
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="saved_search_notifications")
    notified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "trip"], name="saved_search_notified_once_per_trip")
        ]

    def __str__(self):
        return f"{self.saved_search} → {self.trip}"


class SavedTrip(models.Model):
    """A trip a user bookmarked; we remind them once before its application deadline."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_trips")
    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="saved_by")
    created_at = models.DateTimeField(auto_now_add=True)
    deadline_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "trip"], name="saved_trip_once_per_user")]

    def __str__(self):
        return f"{self.user} ☆ {self.trip}"


class CalendarFeed(models.Model):
    """A physician's private calendar address. Whoever has the token can read the feed, so
    the physician can replace it at any time; the old address then stops working."""

    physician = models.OneToOneField(
        "physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.physician}'s calendar"

from django.db import models
from django.db.models import Q


class OutboundEmail(models.Model):
    """An email we owe someone. Written in the same transaction as the decision that
    causes it, so a failing mail server can delay a message but never lose it."""

    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbound_email_pending")]

    def __str__(self):
        return f"{self.subject} → {self.to}"

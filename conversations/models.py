"""One conversation per application, between the physician and the organization's members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_MESSAGE_LENGTH = 5000


class Conversation(models.Model):
    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="conversation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the last batch of notification emails went out: at most one batch a quarter hour.
    last_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Conversation about {self.application}"


class Message(models.Model):
    """Plain text: rendered escaped, with links made clickable; no attachments."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"), max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "created_at"]), models.Index(fields=["emailed_at"])]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class ConversationRead(models.Model):
    """How far one user has read one conversation; unread counts compare against it."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="conversation_read_once_per_user")]

    def __str__(self):
        return f"{self.user} read {self.conversation} up to {self.last_read_at}"

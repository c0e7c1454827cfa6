from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Our own user model from day one, so adding fields later needs no swap."""

    # Kept by conversations.services (raised for the other parties when a message is posted,
    # recounted when the user reads a conversation) so that the navigation's badge, on every
    # page, costs no query: the user row is loaded for the request anyway.
    unread_messages = models.PositiveIntegerField(_("unread messages"), default=0, editable=False)

    # The language of the portal's pages and of every email to this person. Set at sign-up from
    # the browser's Accept-Language; changed from the language menu or the account's page.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.email or self.username

"""Reads of conversations shared by the pages, the API, the navigation and the rules."""

from datetime import UTC, datetime, timedelta

from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.models import Application, ApplicationDecision, ApplicationStatus

from .models import Conversation, ConversationRead, Message

# A withdrawn, declined or expired application's conversation stays readable, and can be
# written to for this long after it ended.
WRITABLE_DAYS_AFTER_END = 30
ENDED_STATUSES = (ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED, ApplicationStatus.EXPIRED)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def applications_in_conversation_with(*, user):
    """Applications whose conversation the user takes part in: their own, or their organizations'."""
    return Application.objects.filter(
        Q(physician__user=user) | Q(trip__organization__memberships__user=user)
    ).distinct()


def conversation_ended_at(*, application):
    """When the application ended (withdrawn, declined, expired), from its decision history; None if it has not."""
    if application.status not in ENDED_STATUSES:
        return None
    decision = (
        ApplicationDecision.objects.filter(application=application, to_status=application.status)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return decision or application.updated_at


def conversation_is_read_only(*, application, now=None):
    ended = conversation_ended_at(application=application)
    return ended is not None and ended < (now or timezone.now()) - timedelta(days=WRITABLE_DAYS_AFTER_END)


def messages_for_application(*, application):
    """The application's messages, oldest first, with their authors."""
    return Message.objects.filter(conversation__application=application).select_related("author")


def _last_read(user):
    return Subquery(
        ConversationRead.objects.filter(conversation=OuterRef("conversation"), user=user).values("last_read_at")[:1],
        output_field=DateTimeField(),
    )


def unread_message_count(*, user):
    """Messages others wrote, in the user's conversations, after the user last read them: one query."""
    visible = Conversation.objects.filter(
        Q(application__physician__user=user) | Q(application__trip__organization__memberships__user=user)
    ).values("pk")
    return (
        Message.objects.filter(conversation__in=visible)
        .exclude(author=user)
        .annotate(last_read=Coalesce(_last_read(user), Value(EPOCH)))
        .filter(created_at__gt=F("last_read"))
        .count()
    )


def conversations_for_user(*, user):
    """The user's conversations, latest activity first, with each one's unread count."""
    last_read = Coalesce(
        Subquery(
            ConversationRead.objects.filter(conversation=OuterRef("pk"), user=user).values("last_read_at")[:1],
            output_field=DateTimeField(),
        ),
        Value(EPOCH),
    )
    return (
        Conversation.objects.filter(application__in=applications_in_conversation_with(user=user).values("pk"))
        .select_related("application__trip__organization", "application__physician")
        .annotate(last_read=last_read)
        .annotate(
            unread=Count("messages", filter=Q(messages__created_at__gt=F("last_read")) & ~Q(messages__author=user)),
            last_message_at=Coalesce(Max("messages__created_at"), F("created_at")),
        )
        .order_by("-last_message_at", "-id")
    )

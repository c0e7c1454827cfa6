"""Writes of conversations: post a message, mark read, and the batched notification emails
(at most one batch per conversation per CONVERSATION_EMAIL_BATCH_MINUTES)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import email_enqueue

from .models import MAX_MESSAGE_LENGTH, Conversation, ConversationRead, Message
from .selectors import conversation_is_read_only, unread_message_count


def _parties(application):
    """Everyone who takes part: the applicant and the organization's members."""
    members = [m.user for m in application.trip.organization.memberships.select_related("user")]
    return [application.physician.user, *members]


@transaction.atomic
def message_post(*, application, author, body):
    """A party posts a plain-text message (at most 5,000 characters) while the conversation is
    writable. The other side is emailed now unless a batch went out in the last quarter hour
    (then the scheduled `send_conversation_emails` sends it)."""
    is_party = author.pk in {user.pk for user in _parties(application)}
    if not is_party:
        raise PermissionDenied(_("Only the applicant and the organization's members write here."))
    if conversation_is_read_only(application=application):
        raise ValidationError(_("This conversation ended more than 30 days ago and is read-only."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > MAX_MESSAGE_LENGTH:
        raise ValidationError({"body": _("A message has at most %(max)d characters.") % {"max": MAX_MESSAGE_LENGTH}})
    conversation, _created = Conversation.objects.get_or_create(application=application)
    message = Message.objects.create(conversation=conversation, author=author, body=body)
    others = {user.pk for user in _parties(application)} - {author.pk}
    get_user_model().objects.filter(pk__in=others).update(unread_messages=F("unread_messages") + 1)
    conversation_mark_read(conversation=conversation, user=author, at=message.created_at)
    conversation_emails_send_one(conversation_id=conversation.pk)
    return message


def conversation_mark_read(*, conversation, user, at=None):
    """The user has read the conversation up to `at`; their unread count is recounted from the
    messages, so it can never drift."""
    at = at or timezone.now()
    ConversationRead.objects.update_or_create(conversation=conversation, user=user, defaults={"last_read_at": at})
    user.unread_messages = unread_message_count(user=user)
    get_user_model().objects.filter(pk=user.pk).update(unread_messages=user.unread_messages)


@transaction.atomic
def conversation_emails_send_one(*, conversation_id, now=None):
    """Email each party who has new messages from others in this conversation, once the last
    batch is at least CONVERSATION_EMAIL_BATCH_MINUTES old. Under a row lock, so two runs
    never send the same batch. Returns how many emails were queued."""
    now = now or timezone.now()
    conversation = (
        Conversation.objects.select_for_update()
        .select_related("application__trip__organization", "application__physician__user")
        .get(pk=conversation_id)
    )
    window = timedelta(minutes=settings.CONVERSATION_EMAIL_BATCH_MINUTES)
    if conversation.last_emailed_at and conversation.last_emailed_at > now - window:
        return 0
    pending = list(conversation.messages.filter(emailed_at__isnull=True).select_related("author"))
    if not pending:
        return 0
    application = conversation.application
    queued = 0
    for user in _parties(application):
        news = [m for m in pending if m.author_id != user.pk]
        if not news:
            continue
        with translation.override(user.language):
            email_enqueue(
                to=user.email,
                subject=_("New message about %(trip)s") % {"trip": application.trip.title},
                template="emails/conversation_messages.txt",
                context={
                    "application": application,
                    "count": len(news),
                    "recipient_is_applicant": user.pk == application.physician.user_id,
                },
            )
        queued += 1
    Message.objects.filter(pk__in=[m.pk for m in pending]).update(emailed_at=now)
    conversation.last_emailed_at = now
    conversation.save(update_fields=["last_emailed_at"])
    return queued


def conversation_emails_send(*, now=None):
    """The scheduled job: send every conversation's batch that is due. Returns how many
    emails were queued. Run every 5 minutes by the beat task `conversations.send_message_emails`."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.CONVERSATION_EMAIL_BATCH_MINUTES)
    due = (
        Conversation.objects.filter(messages__emailed_at__isnull=True)
        .filter(Q(last_emailed_at__isnull=True) | Q(last_emailed_at__lte=now - window))
        .values_list("pk", flat=True)
        .distinct()
    )
    return sum(conversation_emails_send_one(conversation_id=pk, now=now) for pk in list(due))

"""Conversation pages: the user's conversations, and one application's conversation."""

import rules
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from applications.models import Application

from .forms import MessageForm
from .models import Conversation
from .selectors import conversations_for_user, messages_for_application
from .services import conversation_mark_read, message_post

MESSAGES_PER_PAGE = 50


@login_required
def mine(request):
    page = Paginator(conversations_for_user(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "conversations/mine.html", {"page_obj": page, "conversations": page.object_list})


@login_required
def application_conversation(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("trip__organization", "physician__user", "specialty"), pk=pk
    )
    # rules.has_perm, not user.has_perm: a superuser holds every permission, but admins read
    # conversations without taking part in them.
    if not rules.has_perm("conversations.read_conversation", request.user, application):
        raise Http404
    is_party = rules.has_perm("conversations.take_part", request.user, application)
    can_post = rules.has_perm("conversations.post_message", request.user, application)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if not is_party:
            raise PermissionDenied
        if not can_post:
            flash.error(request, _("This conversation ended more than 30 days ago and is read-only."))
            return redirect("conversations:application", pk=application.pk)
        if form.is_valid():
            try:
                message_post(application=application, author=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("conversations:application", pk=application.pk)
    all_messages = messages_for_application(application=application)
    count = all_messages.count()
    # The latest page first, as a conversation is read from its end.
    page = Paginator(all_messages, MESSAGES_PER_PAGE).get_page(
        request.GET.get("page") or max(1, -(-count // MESSAGES_PER_PAGE))
    )
    conversation = Conversation.objects.filter(application=application).first()
    if conversation is not None and is_party:
        conversation_mark_read(conversation=conversation, user=request.user)
    return render(
        request,
        "conversations/conversation.html",
        {
            "application": application,
            "page_obj": page,
            "chat": page.object_list,
            "form": form,
            "can_post": can_post,
            "read_only": is_party and not can_post,
        },
    )

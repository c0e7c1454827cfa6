def unread_messages(request):
    """The signed-in user's unread message count for the navigation, kept on the user row (see
    accounts.models.User.unread_messages): no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_message_count": 0}
    return {"unread_message_count": user.unread_messages}

from django.utils.functional import SimpleLazyObject

from .selectors import unread_message_count


def unread_messages(request):
    """The signed-in user's unread message count for the navigation: one query, and only when
    a page renders it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_message_count": 0}

    return {"unread_message_count": SimpleLazyObject(lambda: unread_message_count(user=user))}

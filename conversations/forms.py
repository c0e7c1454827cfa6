from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_MESSAGE_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, at most 5,000 characters. Links become clickable."),
    )

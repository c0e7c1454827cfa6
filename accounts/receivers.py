"""allauth's password signals: a changed or reset password ends every API token, so a token
taken along with an old password stops working with it."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from .services import api_tokens_revoke_all


@receiver(password_changed, dispatch_uid="accounts.revoke_tokens_on_password_changed")
@receiver(password_reset, dispatch_uid="accounts.revoke_tokens_on_password_reset")
@receiver(password_set, dispatch_uid="accounts.revoke_tokens_on_password_set")
def revoke_api_tokens_on_new_password(sender, request, user, **kwargs):
    api_tokens_revoke_all(user=user)

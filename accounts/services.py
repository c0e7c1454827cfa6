"""Writes about accounts: what happens when someone joins (a physician profile, or an organization
they own), revoking API tokens, and the language they read the portal in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import get_token_model

from matching.generation import volunteer_input_changed
from organizations.services import organization_create
from physicians.models import PhysicianProfile

# The roles a new account can take at sign-up.
PHYSICIAN, ORGANIZATION = "physician", "organization"


@transaction.atomic
def account_role_setup(*, user, role, display_name="", organization_name="", registration_country=""):
    """Create the physician profile, or the organization (pending vetting) with the user as owner."""
    if role == PHYSICIAN:
        physician = PhysicianProfile.objects.create(user=user, display_name=display_name)
        volunteer_input_changed(physician_ids=[physician.pk])
        return physician
    if role == ORGANIZATION:
        return organization_create(owner=user, name=organization_name, registration_country=registration_country)
    raise ValueError(f"Unknown role {role!r}")


def api_tokens_revoke_all(*, user):
    """Sign out everywhere: delete every API token of the account. Returns how many there were."""
    deleted, _by_model = get_token_model().objects.filter(user=user).delete()
    return deleted


def api_token_revoke(*, user, token_key):
    """Delete one of the account's own tokens (by its public key prefix); False when it has none such."""
    deleted, _by_model = get_token_model().objects.filter(user=user, token_key=token_key).delete()
    return deleted > 0


def user_language_set(*, user, language):
    """Save the language of the person's pages and emails. Raises ValidationError for a code the
    portal does not speak."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages the portal speaks.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation

from applications.pending import apply_url, trip_to_apply
from notifications.services import email_enqueue_rendered, recipient_language
from organizations.models import Organization
from physicians.models import PhysicianProfile

# allauth emails whose link or code signs someone in: their bodies are hidden in admin.
SECRET_EMAILS = (
    "account/email/password_reset_key",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
    "account/email/login_code",
)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """allauth's emails go through our outbox like every other: written in the
        request's transaction and delivered by a worker, so a slow or refusing mail server
        never holds up (or fails) signing up or asking for a password reset. Written in the
        account's language when the address has one, else in the language of the request."""
        request = allauth_context.request
        with translation.override(recipient_language(email)):
            message = self.render_mail(
                template_prefix,
                email,
                {
                    "request": request,
                    "email": email,
                    "current_site": get_current_site(request),
                    "site_url": settings.SITE_URL,
                    **context,
                },
            )
        alternatives = getattr(message, "alternatives", [])
        html_body = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
        if message.content_subtype == "html":  # allauth sends HTML alone when there is no text template
            html_body, body = message.body, ""
        else:
            body = message.body
        for to in message.to:
            email_enqueue_rendered(
                to=to,
                subject=message.subject,
                body=body,
                html_body=html_body,
                body_is_secret=template_prefix in SECRET_EMAILS,
            )

    def save_user(self, request, user, form, commit=True):
        """A new account reads the portal in the language its browser asked for (Accept-Language,
        or the language menu's choice), English when we speak none of those."""
        user.language = translation.get_language_from_request(request)
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        """Send people where their work is: physicians to their matches (or the profile
        wizard until it is filled in, then the trip they set out to apply to), organization
        members to their dashboard."""
        user = request.user
        profile = PhysicianProfile.objects.filter(user=user).first()
        if profile is not None:
            if profile.primary_specialty_id is None:
                return reverse("physicians:profile-edit", kwargs={"step": "practice"})
            trip = trip_to_apply(request=request)
            return apply_url(trip) if trip else reverse("matching:mine")
        organization = Organization.objects.for_member(user).order_by("name").first()
        if organization is not None:
            return reverse("manage:dashboard", kwargs={"slug": organization.slug})
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)

    def send_account_already_exists_mail(self, email):
        """Sign-up with an address that already has an account creates nothing, and so would
        skip the password hashing a new account costs (0.1 s against 2-4 s): timing alone would
        tell which addresses have accounts. Hash a throwaway password so both take as long."""
        make_password(secrets.token_urlsafe(16))
        super().send_account_already_exists_mail(email)

    def get_email_confirmation_url(self, request, emailconfirmation):
        """Links in emails start at SITE_URL, not at whatever host and port served the request."""
        return settings.SITE_URL.rstrip("/") + reverse("account_confirm_email", args=[emailconfirmation.key])


def user_display(user):
    """How allauth's messages name a person: the name they gave, or their email address,
    never the username allauth derived from the address for them."""
    profile = getattr(user, "physician_profile", None)
    return (profile.display_name if profile is not None else "") or user.email

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Send people where their work is: physicians to their matches (or the profile
        wizard until it is filled in, then the trip they set out to apply to), organization
        members to their dashboard."""
        from applications.pending import apply_url, trip_to_apply
        from organizations.models import Organization
        from physicians.models import PhysicianProfile

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

    def get_email_confirmation_url(self, request, emailconfirmation):
        """Links in emails start at SITE_URL, not at whatever host and port served the request."""
        from django.conf import settings

        return settings.SITE_URL.rstrip("/") + reverse("account_confirm_email", args=[emailconfirmation.key])

    def send_mail(self, template_prefix, email, context):
        from django.conf import settings

        super().send_mail(template_prefix, email, {"site_url": settings.SITE_URL, "email": email, **context})


def user_display(user):
    """How allauth's messages name a person: the name they gave, or their email address,
    never the username allauth derived from the address for them."""
    profile = getattr(user, "physician_profile", None)
    return (profile.display_name if profile is not None else "") or user.email

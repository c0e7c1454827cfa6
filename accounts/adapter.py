import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from organizations.models import Organization
from physicians.models import PhysicianProfile


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Send people where their work is: physicians to their matches (or the profile
        wizard until it is filled in), organization members to their dashboard."""
        user = request.user
        profile = PhysicianProfile.objects.filter(user=user).first()
        if profile is not None:
            if profile.primary_specialty_id is None:
                return reverse("physicians:profile-edit", kwargs={"step": "practice"})
            return reverse("matching:mine")
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

"""Create the local admin account if it does not exist (used by `make run`)."""

import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an admin account from ADMIN_EMAIL / ADMIN_PASSWORD (defaults for local use are printed)."

    def handle(self, *args, **options):
        email = os.environ.get("ADMIN_EMAIL", "admin@missionmatch.localhost")
        password = os.environ.get("ADMIN_PASSWORD", "missionmatch-admin")
        User = get_user_model()
        user = User.objects.filter(username=email).first()
        if user is None:
            user = User.objects.create_superuser(username=email, email=email, password=password)
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            self.stdout.write(self.style.SUCCESS(f"Admin account created: {email} / {password}"))
        else:
            self.stdout.write(f"Admin account exists: {email} (password unchanged)")

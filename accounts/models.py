from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Our own user model from day one, so adding fields later needs no swap."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.email or self.username

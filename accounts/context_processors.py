from django.utils.functional import SimpleLazyObject

from organizations.models import Organization
from physicians.models import PhysicianProfile


def roles(request):
    """The signed-in user's roles for the navigation, evaluated lazily so a page that
    does not render them pays no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_physician": False, "my_organizations": ()}

    return {
        "is_physician": SimpleLazyObject(lambda: PhysicianProfile.objects.filter(user=user).exists()),
        "my_organizations": SimpleLazyObject(lambda: list(Organization.objects.for_member(user).only("name", "slug"))),
    }

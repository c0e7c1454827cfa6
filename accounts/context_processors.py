from collections import namedtuple
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.functional import SimpleLazyObject

from organizations.models import Organization, OrganizationMembership
from physicians.models import PhysicianProfile
from portal.sql_names import column, table

OrganizationLink = namedtuple("OrganizationLink", "name slug")


@cache
def _roles_sql():
    """Whether the user is a physician and the organizations they belong to, as one UNION
    written once per process (every signed-in page's navigation asks; two ORM queries were
    a sixth of a plain page). Names come from the models."""
    return (
        f"SELECT 'physician', NULL, NULL FROM {table(PhysicianProfile)} WHERE {column(PhysicianProfile, 'user')} = %s "
        f"UNION ALL SELECT 'organization', {column(Organization, 'name')}, {column(Organization, 'slug')} "
        f"FROM {table(Organization)} INNER JOIN {table(OrganizationMembership)} "
        f"ON {column(OrganizationMembership, 'organization')} = {column(Organization, 'id')} "
        f"WHERE {column(OrganizationMembership, 'user')} = %s"
    )


def _roles_of(user):
    """(is a physician, their organizations by name as (name, slug))."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(_roles_sql(), [user.pk, user.pk])
        rows = cursor.fetchall()
    organizations = sorted(OrganizationLink(name, slug) for kind, name, slug in rows if kind == "organization")
    return any(kind == "physician" for kind, _name, _slug in rows), organizations


def roles(request):
    """The signed-in user's roles for the navigation, evaluated lazily so a page that
    does not render them pays no query, and both in one query when it does."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_physician": False, "my_organizations": ()}
    both = SimpleLazyObject(lambda: _roles_of(user))
    return {
        "is_physician": SimpleLazyObject(lambda: both[0]),
        "my_organizations": SimpleLazyObject(lambda: both[1]),
    }

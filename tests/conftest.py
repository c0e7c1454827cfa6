import pytest

from tests.factories import TEST_PASSWORD, MembershipFactory, OrganizationFactory, PhysicianProfileFactory, UserFactory


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def physician(db):
    return PhysicianProfileFactory()


@pytest.fixture
def physician_client(client, physician):
    client.force_login(physician.user)
    return client


@pytest.fixture
def organization(db):
    return OrganizationFactory(verified=True, strong_evidence=True)


@pytest.fixture
def member(organization):
    return MembershipFactory(organization=organization).user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits in the cache: start every test with a clean one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

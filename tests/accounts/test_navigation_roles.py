import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import OrganizationMembership
from tests.factories import OrganizationFactory, PhysicianProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def nav_links(body):
    nav = body.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return nav


def role_queries(queries):
    return [q["sql"] for q in queries if "'physician'" in q["sql"] and "UNION ALL" in q["sql"]]


def test_the_navigation_names_a_physicians_organizations_by_name_in_one_query(client):
    physician = PhysicianProfileFactory()
    for name in ("Zeta Clinics", "Alpha <Health>"):
        OrganizationMembership.objects.create(organization=OrganizationFactory(name=name), user=physician.user)
    OrganizationFactory(name="Not mine")
    client.force_login(physician.user)
    with CaptureQueriesContext(connection) as queries:
        nav = nav_links(client.get(reverse("trips:list")).content.decode())
    assert len(role_queries(queries.captured_queries)) == 1
    assert reverse("matching:mine") in nav  # the physician's links
    assert nav.index("Alpha &lt;Health&gt;") < nav.index("Zeta Clinics")
    assert "Not mine" not in nav


def test_a_member_who_is_not_a_physician_gets_no_physician_links(client):
    user = UserFactory()
    organization = OrganizationFactory(name="Only theirs")
    OrganizationMembership.objects.create(organization=organization, user=user)
    client.force_login(user)
    nav = nav_links(client.get(reverse("trips:list")).content.decode())
    assert reverse("manage:dashboard", args=[organization.slug]) in nav
    assert reverse("matching:mine") not in nav


def test_the_accounts_pages_and_the_languages_sit_under_two_disclosures(client):
    physician = PhysicianProfileFactory()
    client.force_login(physician.user)
    nav = nav_links(client.get(reverse("trips:list")).content.decode())
    account = nav.split('<li class="nav-group">', 1)[1].split("</details>", 1)[0]
    for link in (reverse("account_change_password"), reverse("accounts:api-tokens"), reverse("account_logout")):
        assert link in account
    languages = nav.split('<li class="language-menu">', 1)[1].split("</details>", 1)[0]
    assert "<summary>" in languages and languages.count('name="language"') == 3  # the current one is no button

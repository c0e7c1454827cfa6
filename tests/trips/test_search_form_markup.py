import pytest
from django.urls import reverse
from django.utils import translation

from physicians.models import Specialty
from tests.factories import OrganizationFactory, TripFactory

pytestmark = pytest.mark.django_db


def filters_form(client, **params):
    body = client.get(reverse("trips:list"), params).content.decode()
    return body.split('<form method="get"', 1)[1].split("</form>", 1)[0]


def test_the_kept_search_form_is_the_form_written_afresh(client):
    from trips.search_form import search_form_forget

    TripFactory(open=True, organization=OrganizationFactory(verified=True), country="NI")
    params = {"language": "es", "max_cost": "3000", "trains_local_staff": "true"}
    first = filters_form(client, **params)
    assert filters_form(client, **params) == first  # from what is kept
    search_form_forget()
    assert filters_form(client, **params) == first  # the same written afresh
    assert 'value="es" selected' in first and 'value="3000"' in first
    assert filters_form(client, language="fr") != first  # another search, its own markup


def test_the_search_form_is_what_django_writes_for_the_filter(rf):
    from django.contrib.auth.models import AnonymousUser

    from trips.filters import TripFilter
    from trips.search_form import search_form_html
    from trips.selectors import trip_list_public

    request = rf.get("/trips/", {"specialty": str(Specialty.objects.order_by("name")[1].pk), "sort": "cost"})
    request.user = AnonymousUser()

    def form():
        return TripFilter(request.GET, queryset=trip_list_public(), request=request).form

    offered = [("NI", "Nicaragua")]
    django_form = form()
    django_form.fields["country"].widget.choices = [("", "Any country"), *offered]
    ours = form()
    ours.fields["country"].widget.choices = [("", "Any country"), *offered]
    assert search_form_html(ours, request.GET, offered) == str(django_form)


def test_the_kept_form_follows_the_language_the_choices_and_errors(client):
    TripFactory(open=True, organization=OrganizationFactory(verified=True), country="NI")
    english = filters_form(client)
    with translation.override("es"):
        client.cookies["django_language"] = "es"
        spanish = filters_form(client)
    client.cookies.pop("django_language")
    assert english != spanish and "Any specialty" in english and "Any specialty" not in spanish
    Specialty.objects.create(name="Tropical medicine", slug="tropical-medicine")
    assert "Tropical medicine" in filters_form(client)  # added in admin: shown at once
    invalid = filters_form(client, max_cost="-5")
    assert "errorlist" in invalid and filters_form(client, max_cost="-5") == invalid

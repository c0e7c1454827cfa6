import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.urls import reverse

from tests.factories import PhysicianProfileFactory, TripFactory


@pytest.mark.django_db
def test_a_lost_database_gives_a_clean_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("portal.views.trip_list_public", broken)
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.content.decode()


@pytest.mark.django_db
def test_a_programming_error_is_not_disguised_as_an_outage(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ProgrammingError("column does not exist")

    monkeypatch.setattr("portal.views.trip_list_public", broken)
    client.raise_request_exception = True
    with pytest.raises(ProgrammingError):
        client.get(reverse("home"))


@pytest.mark.django_db
def test_the_site_works_again_after_the_outage(client, monkeypatch):
    TripFactory(open=True, title="Still here")
    with monkeypatch.context() as patch:
        patch.setattr(
            "portal.views.trip_list_public", lambda: (_ for _ in ()).throw(OperationalError("connection refused"))
        )
        assert client.get(reverse("home")).status_code == 503
    assert "Still here" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("method", "path", "data", "content_type"),
    [
        ("get", "/trips/?country=N%00I", None, None),
        ("post", "/api/v1/applications/", '{"trip": 1, "specialty": "pedi\\u0000atrics"}', "application/json"),
        ("post", "/accounts/login/", "login=a%00b&password=x", "application/x-www-form-urlencoded"),
    ],
)
@pytest.mark.django_db
def test_null_characters_are_refused_before_any_query(client, method, path, data, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    response = getattr(client, method)(path, data, **kwargs) if data is not None else getattr(client, method)(path)
    assert response.status_code == 400


@pytest.mark.django_db
def test_numbers_beyond_64_bits_are_bad_input(client):
    client.force_login(PhysicianProfileFactory().user)
    response = client.post("/physicians/profile/edit/practice/", {"other_specialties": str(2**63)})
    assert response.status_code in (200, 400)  # a form error (PostgreSQL) or a clean 400 (SQLite)
    assert client.get("/trips/", {"specialty": str(2**70)}).status_code in (200, 400)


@pytest.mark.django_db
def test_a_database_lost_while_saving_the_session_still_gives_the_outage_page(client, monkeypatch):
    # The session is saved after the view, outside the middleware's reach.
    def broken(self, request, response):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("django.contrib.sessions.middleware.SessionMiddleware.process_response", broken)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert "cannot reach its database" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_get_our_own_500_page(client, monkeypatch):
    monkeypatch.setattr("portal.views.trip_list_public", lambda: 1 / 0)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_only_writing_requests_take_the_write_lock_up_front(client, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking only")
    seen = []
    monkeypatch.setattr("portal.views.trip_list_public", lambda: seen.append(connection.transaction_mode) or [])
    client.get(reverse("home"))
    client.post(reverse("home"))  # the view answers any method; the transaction is what matters
    assert seen == [None, "IMMEDIATE"]
    assert connection.transaction_mode is None  # reset after the request

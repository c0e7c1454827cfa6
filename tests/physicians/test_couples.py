"""Couples: at most one confirmed couple each, no mirrored duplicates, and asking never
reveals whether an address belongs to a physician."""

import importlib

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from matching.models import CoupleLink, MatchRound
from matching.services import couple_confirm, couple_request
from physicians.models import PhysicianProfile
from tests.factories import PhysicianProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

GENERIC = "If a physician on MissionMatch uses that address, we have asked them to confirm."


def partner_of(physician):
    return PhysicianProfile.objects.get(pk=physician.pk).couple_partner_id


def couple(a, b):
    return couple_confirm(link=couple_request(physician=a, partner_email=b.user.email), by_physician=b)


# --- asking never reveals who is a physician --------------------------------------------


@pytest.fixture
def round_url():
    return reverse("matching:round-preferences", args=[MatchRound.objects.create(name="Spring").pk])


def ask(client, url, email):
    response = client.post(url, {"partner_email": email}, follow=True)
    return [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ], response.content.decode()


def test_the_answer_is_the_same_whether_or_not_the_address_is_a_physicians(client, round_url):
    asker, partner = PhysicianProfileFactory(), PhysicianProfileFactory(display_name="Dr. Hidden Partner")
    organization_user = UserFactory(email="someone@org.example")  # an account, but no physician
    client.force_login(asker.user)
    answers = {}
    for email in (partner.user.email, "nobody@nowhere.example", organization_user.email, partner.user.email.upper()):
        messages, body = ask(client, round_url, email)
        answers[email] = messages
        assert "Dr. Hidden Partner" not in body  # a waiting request does not name its addressee
    assert all(messages == [GENERIC] for messages in answers.values())
    assert CoupleLink.objects.filter(physician=asker, partner=partner).count() == 1


def test_the_service_returns_nothing_for_an_unknown_address_and_creates_nothing():
    asker = PhysicianProfileFactory()
    assert couple_request(physician=asker, partner_email="nobody@nowhere.example") is None
    assert not CoupleLink.objects.exists()


def test_asking_someone_already_in_a_couple_answers_the_same_and_creates_nothing(client, round_url):
    a, b, c = PhysicianProfileFactory(), PhysicianProfileFactory(), PhysicianProfileFactory()
    couple(a, b)
    assert couple_request(physician=c, partner_email=a.user.email) is None
    client.force_login(c.user)
    messages, _body = ask(client, round_url, a.user.email)
    assert messages == [GENERIC]
    assert not CoupleLink.objects.filter(physician=c).exists()


def test_your_own_address_and_your_own_couple_are_refused_whatever_the_address():
    a, b = PhysicianProfileFactory(), PhysicianProfileFactory()
    with pytest.raises(ValidationError, match="your own address"):
        couple_request(physician=a, partner_email=f"  {a.user.email.upper()} ")
    couple(a, b)
    for email in (PhysicianProfileFactory().user.email, "nobody@nowhere.example"):
        with pytest.raises(ValidationError, match="already travel as a couple"):
            couple_request(physician=a, partner_email=email)


# --- at most one confirmed couple each ---------------------------------------------------


def test_confirming_pairs_both_and_closes_their_other_requests():
    a, b, c, d = (PhysicianProfileFactory() for _ in range(4))
    to_b = couple_request(physician=a, partner_email=b.user.email)
    couple_request(physician=a, partner_email=c.user.email)
    couple_request(physician=d, partner_email=b.user.email)
    couple_confirm(link=to_b, by_physician=b)
    assert list(CoupleLink.objects.values_list("physician_id", "partner_id", "confirmed")) == [(a.pk, b.pk, True)]
    assert (partner_of(a), partner_of(b), partner_of(c), partner_of(d)) == (b.pk, a.pk, None, None)


def test_a_second_confirmed_couple_is_refused():
    a, b, c = PhysicianProfileFactory(), PhysicianProfileFactory(), PhysicianProfileFactory()
    couple(a, b)
    # A request left over from before (written directly, as the service no longer would).
    stale = CoupleLink.objects.create(physician=c, partner=a)
    with pytest.raises(ValidationError, match="already travels as a couple"):
        couple_confirm(link=stale, by_physician=a)
    stale.refresh_from_db()
    assert not stale.confirmed and partner_of(c) is None and partner_of(a) == b.pk
    assert CoupleLink.objects.filter(confirmed=True).count() == 1


def test_only_the_invited_partner_confirms():
    a, b = PhysicianProfileFactory(), PhysicianProfileFactory()
    link = couple_request(physician=a, partner_email=b.user.email)
    for someone in (a, PhysicianProfileFactory()):
        with pytest.raises(ValidationError):
            couple_confirm(link=link, by_physician=someone)
    link.refresh_from_db()
    assert not link.confirmed and partner_of(a) is None


# --- mirrored requests ---------------------------------------------------------------------


def test_asking_someone_who_already_asked_you_confirms_their_request(client, round_url):
    a, b = PhysicianProfileFactory(), PhysicianProfileFactory()
    couple_request(physician=a, partner_email=b.user.email)
    client.force_login(b.user)
    messages, body = ask(client, round_url, a.user.email)
    assert messages == ["Confirmed: the round will try to place you together."]
    assert list(CoupleLink.objects.values_list("physician_id", "partner_id", "confirmed")) == [(a.pk, b.pk, True)]
    assert (partner_of(a), partner_of(b)) == (b.pk, a.pk)
    # Asking again, from either side, changes nothing.
    for asker, other in ((a, b), (b, a)):
        with pytest.raises(ValidationError, match="already travel as a couple"):
            couple_request(physician=asker, partner_email=other.user.email)
    assert CoupleLink.objects.count() == 1


def test_asking_twice_keeps_one_request():
    a, b = PhysicianProfileFactory(), PhysicianProfileFactory()
    first = couple_request(physician=a, partner_email=b.user.email)
    second = couple_request(physician=a, partner_email=b.user.email.upper())
    assert first.pk == second.pk and CoupleLink.objects.count() == 1


# --- what the database itself refuses --------------------------------------------------------


def test_the_database_refuses_two_people_naming_the_same_partner_or_oneself():
    a, b, c = PhysicianProfileFactory(), PhysicianProfileFactory(), PhysicianProfileFactory()
    PhysicianProfile.objects.filter(pk=a.pk).update(couple_partner=b)
    with pytest.raises(IntegrityError), transaction.atomic():
        PhysicianProfile.objects.filter(pk=c.pk).update(couple_partner=b)
    with pytest.raises(IntegrityError), transaction.atomic():
        PhysicianProfile.objects.filter(pk=c.pk).update(couple_partner=c)


def test_existing_confirmed_couples_are_carried_over_and_double_ones_reopened():
    a, b, c = PhysicianProfileFactory(), PhysicianProfileFactory(), PhysicianProfileFactory()
    first = CoupleLink.objects.create(physician=a, partner=b, confirmed=True)
    double = CoupleLink.objects.create(physician=c, partner=a, confirmed=True)
    migration = importlib.import_module("physicians.migrations.0004_couple_partner")
    migration.couple_partners_from_confirmed_links(apps, None)
    first.refresh_from_db()
    double.refresh_from_db()
    assert first.confirmed and not double.confirmed
    assert (partner_of(a), partner_of(b), partner_of(c)) == (b.pk, a.pk, None)


def test_the_database_refuses_a_mirrored_link():
    a, b = PhysicianProfileFactory(), PhysicianProfileFactory()
    CoupleLink.objects.create(physician=a, partner=b)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoupleLink.objects.create(physician=b, partner=a)


def test_the_migration_keeps_one_link_per_pair_preferring_the_confirmed_one():
    migration = importlib.import_module("matching.migrations.0004_couple_link_one_per_pair")
    a, b = PhysicianProfileFactory(), PhysicianProfileFactory()
    first = CoupleLink.objects.create(physician=a, partner=b)

    class Mirrored:
        """The model as it was before the constraint: we fake a mirrored pair in memory."""

        @staticmethod
        def get_model(app_label, model_name):
            return FakeLinks

    deleted = []

    class Link:
        def __init__(self, pk, physician_id, partner_id, confirmed):
            self.pk, self.physician_id, self.partner_id, self.confirmed = pk, physician_id, partner_id, confirmed

        def delete(self):
            deleted.append(self.pk)

    class FakeLinks:
        class objects:
            @staticmethod
            def order_by(*fields):
                rows = [Link(first.pk, a.pk, b.pk, False), Link(first.pk + 1, b.pk, a.pk, True)]
                return sorted(rows, key=lambda link: (not link.confirmed, link.pk))

    migration.drop_mirrored_links(Mirrored, None)
    assert deleted == [first.pk]  # the unconfirmed one goes, the confirmed one stays

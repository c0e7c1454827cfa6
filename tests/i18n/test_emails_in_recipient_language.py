"""Every email is written in its reader's language, whoever triggers it and wherever it is
rendered: in a coordinator's request, in a beat task, or to a host partner without an account."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

import vocabulary
from applications.models import ApplicationStatus
from applications.services import application_create
from applications.tasks import expire_unanswered
from notifications.models import OutboundEmail
from organizations.services import host_claims_submit, host_link_create
from physicians.specialties import common_specialty
from tests.factories import (
    LocalPartnerFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FAMILY = "family-medicine"


def in_language(language, message, **params):
    """`message` as the catalogue of `language` has it; fails if it is still English there."""
    with translation.override(language):
        translated = gettext(message)
    assert translated != message, f"{message!r} is not translated into {language}"
    return translated % params if params else translated


@pytest.fixture
def trip(organization):
    return TripFactory(open=True, organization=organization, needs={FAMILY: 2}, title="Clínica de Copán")


def test_an_english_coordinator_s_decision_reaches_a_spanish_speaking_physician_in_spanish(client, organization, trip):
    coordinator = MembershipFactory(organization=organization, user=UserFactory(language="en")).user
    physician = PhysicianProfileFactory(display_name="Dra. Ana López", user=UserFactory(language="es"))
    application = application_create(physician=physician, trip=trip, specialty=common_specialty(FAMILY))
    client.force_login(coordinator)
    response = client.post(
        reverse("applications:decide", args=[application.pk]), {"decision": ApplicationStatus.ACCEPTED}
    )
    assert response.status_code in (200, 302)
    assert response["Content-Language"] == "en"  # the coordinator's page stays in English
    email = OutboundEmail.objects.get(to=physician.user.email)
    with translation.override("es"):
        accepted = str(ApplicationStatus.ACCEPTED.label).lower()
    assert email.subject == in_language(
        "es", "Your application for %(trip)s: %(decision)s", trip=trip.title, decision=accepted
    )
    assert in_language("es", "Dear %(name)s,", name="Dra. Ana López") in email.body
    assert (
        in_language("es", "%(org)s has accepted your application for %(trip)s.", org=organization.name, trip=trip.title)
        in email.body
    )


def test_a_beat_task_writes_to_each_side_in_its_own_language(organization, trip, settings):
    settings.APPLICATION_EXPIRY_DAYS = 10
    MembershipFactory(organization=organization, user=UserFactory(email="coord@example.org", language="pt"))
    physician = PhysicianProfileFactory(user=UserFactory(email="doc@example.org", language="fr"))
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=11), tick=False):
        application_create(physician=physician, trip=trip, specialty=common_specialty(FAMILY))
    OutboundEmail.objects.all().delete()
    with translation.override("en"):
        expire_unanswered()
    to_physician = OutboundEmail.objects.get(to="doc@example.org")
    to_member = OutboundEmail.objects.get(to="coord@example.org")
    assert to_physician.subject == in_language("fr", "Your application for %(trip)s has expired", trip=trip.title)
    assert to_member.subject == in_language("pt", "An application for %(trip)s expired unanswered", trip=trip.title)


def test_a_host_partner_gets_the_link_and_its_pages_in_the_language_the_organization_chose(
    client, organization, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    partner = LocalPartnerFactory(
        organization=organization, contact_name="Dra. Rosa", contact_email="rosa@host.example", contact_language="es"
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        link = host_link_create(partner=partner, kind=vocabulary.HOST_CONFIRMATION)
    assert link.language == "es"
    (email,) = mail.outbox
    assert email.subject.endswith(
        in_language("es", "Please tell us about %(org)s's work with you", org=organization.name)
    )
    assert in_language("es", "Dear %(name)s,", name="Dra. Rosa") in email.body

    url = reverse("organizations:host-link", args=[link.token])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "es"
    html = page.content.decode()
    assert '<html lang="es">' in html
    assert in_language("es", "Your view as host partner") in html
    assert 'action="/language/"' not in html  # no menu to switch the partner's pages away

    data = {f"{claim}_verdict": vocabulary.CONFIRMED for claim in vocabulary.HOST_CLAIM_KEYS}
    data.update({f"{claim}_comment": "" for claim in vocabulary.HOST_CLAIM_KEYS})
    data["follow_up_plan_comment"] = "El equipo local da seguimiento a cada paciente."
    thanks = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert in_language("es", "Thank you") in thanks.content.decode()
    answer = organization.host_claim_responses.get(claim="follow_up_plan")
    assert (answer.comment, answer.language) == ("El equipo local da seguimiento a cada paciente.", "es")


def test_allauth_s_emails_follow_the_account_s_language(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(email="medecin@example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "medecin@example.org"}, HTTP_ACCEPT_LANGUAGE="en")
    (email,) = mail.outbox
    with translation.override("fr"):
        assert gettext("Password Reset Email") in email.subject  # allauth's own French catalogue


def test_the_organization_sees_the_partner_s_answers_with_the_language_they_were_written_in(
    client, organization, member
):
    partner = LocalPartnerFactory(organization=organization, contact_email="rosa@host.example", contact_language="es")
    link = host_link_create(partner=partner, kind=vocabulary.HOST_CONFIRMATION)
    host_claims_submit(
        link=link,
        answers={
            claim: (
                vocabulary.CONFIRMED,
                "Cada paciente vuelve al centro de salud." if claim == "follow_up_plan" else "",
            )
            for claim in vocabulary.HOST_CLAIM_KEYS
        },
    )
    dashboard = reverse("manage:dashboard", args=[organization.slug])
    client.force_login(member)
    html = client.get(dashboard, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<blockquote lang="es">Cada paciente vuelve al centro de salud.</blockquote>' in html
    assert "written in Spanish" in html
    outsider = MembershipFactory(organization=OrganizationFactory(verified=True)).user
    client.force_login(outsider)
    assert client.get(dashboard).status_code == 404

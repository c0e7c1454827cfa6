"""The physician's journey once in Spanish (the browser asks for es), with screenshots: on every
page no visible text is still an English message of two words or more, names and what people
wrote excepted."""

import re
from datetime import timedelta

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

import vocabulary
from applications.models import Application
from physicians.specialties import common_specialty, ensure_common_specialties
from tests.browser.conftest import PageWatcher
from tests.browser.test_journeys import PASSWORD, verification_path
from tests.factories import LocalPartnerFactory, OrganizationFactory, TripFactory
from trips.models import Trip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What people wrote or named, which stays as written.
USER_CONTENT = {
    "Hope for Jinotega",
    "Semana de salud infantil",
    "Dra. Ana López",
    "Puedo enseñar reanimación neonatal.",
}
# Every text node, and every element's own text when short, as the reader sees it (no <script>, <style>).
VISIBLE_TEXTS = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && !parent.closest("script, style, [hidden]")) seen.push(walker.currentNode.textContent);
  }
  for (const element of document.body.querySelectorAll("*")) {
    const text = element.innerText;
    if (text && text.length < 300) seen.push(text);
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      if (element.getAttribute(name)) seen.push(element.getAttribute(name));
    }
  }
  return seen;
}"""


def _normalised(text):
    return re.sub(r"\s+", " ", text).strip()


def english_messages():
    """The catalogue's English msgids of two words or more, as a reader would see them."""
    with open(settings.LOCALE_PATHS[0] / "es" / "LC_MESSAGES" / "django.po", "rb") as po:
        catalogue = read_po(po, locale="es")
    messages = set()
    for message in catalogue:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            if msgid and "%" not in msgid and "{" not in msgid and len(msgid.split()) >= 2:
                messages.add(_normalised(msgid))
    return messages


ENGLISH = english_messages()


def es(message):
    with translation.override("es"):
        return gettext(message)


def assert_spanish(web, name):
    """Screenshots (desktop and phone), axe and no sideways scroll, then no English left."""
    web.check(f"es-{name}")
    texts = {_normalised(text) for text in web.page.evaluate(VISIBLE_TEXTS)}
    english = sorted(text for text in texts if text in ENGLISH and text not in USER_CONTENT)
    assert not english, (name, english)
    assert web.page.get_attribute("html", "lang") == "es"


@pytest.fixture
def spanish_web(browser, live_server, settings):
    """A browser whose Accept-Language is Spanish (Honduras)."""
    ensure_common_specialties()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="es-HN")
    watcher = PageWatcher(context.new_page(), live_server)
    yield watcher
    watcher.assert_no_csp_violations()
    context.close()


def test_a_spanish_speaking_physician_signs_up_fills_the_profile_and_applies_in_spanish(spanish_web):
    web = spanish_web
    organization = OrganizationFactory(verified=True, strong_evidence=True, name="Hope for Jinotega")
    LocalPartnerFactory(organization=organization)
    TripFactory(
        open=True,
        organization=organization,
        title="Semana de salud infantil",
        needs={"pediatrics": 2},
        languages=["es"],
    )
    trip = Trip.objects.get()

    web.go("/")
    assert_spanish(web, "01-home")
    web.go("/trips/")
    assert_spanish(web, "02-search")
    web.go(f"/organizations/{organization.slug}/")
    assert_spanish(web, "03-organization")
    page = web.go(f"/trips/{trip.pk}/")
    assert_spanish(web, "04-trip-visitor")
    page.click(f"text={es('Sign up to apply')}")
    page.wait_for_load_state()
    assert_spanish(web, "05-signup")
    page.fill("#id_email", "ana@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("input[name=role][value=physician]")
    page.fill("#id_display_name", "Dra. Ana López")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    web.go(verification_path())
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page = web.go("/accounts/login/")
    page.fill("#id_login", "ana@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/physicians/profile/edit/practice/" in page.url
    assert_spanish(web, "06-profile-practice")

    page.select_option("#id_primary_specialty", str(common_specialty("pediatrics").pk))
    page.fill("#id_years_in_practice", "11")
    page.click(f"text={es('Save and continue')}")
    page.wait_for_load_state()
    assert_spanish(web, "07-profile-languages")
    page.select_option("#id_languages-0-language", "es")
    page.select_option("#id_languages-0-proficiency", str(vocabulary.FLUENT))
    start = timezone.localdate()
    page.fill("#id_availability-0-start_date", start.isoformat())
    page.fill("#id_availability-0-end_date", (start + timedelta(days=300)).isoformat())
    page.click(f"text={es('Save and continue')}")
    page.wait_for_load_state()
    assert_spanish(web, "08-profile-places")
    page.fill("#id_max_budget_usd", "3000")
    page.click(f"text={es('Save and continue')}")
    page.wait_for_load_state()
    page.check("input[name=weight_teaching][value='3']")
    assert_spanish(web, "09-profile-motivations")
    page.click(f"text={es('Save and continue')}")
    page.wait_for_load_state()
    assert f"/trips/{trip.pk}/" in page.url, page.url
    assert_spanish(web, "10-trip-physician")

    web.go("/matches/")
    assert_spanish(web, "11-matches")
    page = web.go(f"/trips/{trip.pk}/")
    page.fill("#id_note", "Puedo enseñar reanimación neonatal.")
    page.click(f"text={es('Send application')}")
    page.wait_for_load_state()
    assert "/applications/" in page.url
    assert_spanish(web, "12-my-applications")
    web.go("/accounts/language/")
    assert_spanish(web, "13-language")
    application = Application.objects.get()
    assert application.physician.user.language == "es"  # taken from the browser at sign-up

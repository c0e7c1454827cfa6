"""Playwright driving Debian's Chromium against the live test server.

Skipped, with a one-line reason, where Chromium is not installed (`.ci/run` installs it).
Screenshots of key pages are saved under test-artifacts/screenshots/.
"""

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from physicians.specialties import ensure_common_specialties


def _chromium():
    """CHROMIUM_PATH when set (also how a test pretends Chromium is missing), else Debian's."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


CHROMIUM = _chromium()
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
BROWSER_TESTS = Path(__file__).resolve().parent

if CHROMIUM is None:
    MISSING = "Chromium is not installed (apt-get install chromium)"
elif importlib.util.find_spec("playwright") is None:
    MISSING = "Playwright is not installed (pip install -r requirements-dev.txt)"
else:
    MISSING = None


# A module-level pytest.skip() in a conftest is a collection error, not a skip: mark the
# tests of this folder skipped instead, and say why once at the end of the run.
def pytest_collection_modifyitems(config, items):
    # One worker runs them all, so the session's Chromium starts once.
    for item in items:
        if BROWSER_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.xdist_group("browser"))
    if MISSING is None:
        return
    skip = pytest.mark.skip(reason=f"{MISSING}: browser tests skipped")
    for item in items:
        if BROWSER_TESTS in Path(str(item.path)).parents:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if MISSING is not None:
        terminalreporter.write_line(f"Browser tests skipped: {MISSING}.")


# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    # Imported only when a browser test runs: where Playwright is not installed those tests skip (see MISSING).
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


PHONE_WIDTH = 390
# What hides an overflow instead of fixing it; the page must not use it on html or body.
HIDING_OVERFLOW = ("hidden", "clip")
# axe-core's impact levels that fail a page. No rule is disabled.
FAILING_IMPACTS = ("serious", "critical")


def assert_no_sideways_scroll(page, name):
    """At the phone width, the document is no wider than the window, and nothing hides it."""
    widths = page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            html: getComputedStyle(document.documentElement).overflowX,
            body: getComputedStyle(document.body).overflowX,
            culprits: [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(e => e.tagName + "." + e.className),
        })"""
    )
    assert widths["inner"] == PHONE_WIDTH, widths
    assert widths["html"] not in HIDING_OVERFLOW and widths["body"] not in HIDING_OVERFLOW, (name, widths)
    assert widths["scroll"] <= widths["inner"], (name, widths)


def assert_accessible(page, name):
    # Imported here, as Playwright is above: only the browser tests need the dev-only package.
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    failing = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]
    assert not failing, (name, failing)


class PageWatcher:
    """Collects console errors (CSP violations among them) and takes screenshots."""

    screenshot_dir = SCREENSHOTS

    def __init__(self, page, live_server):
        self.page = page
        self.base = live_server.url
        self.console_errors = []
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))

    def go(self, path):
        self.page.goto(self.base + path)
        return self.page

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def screenshot_both(self, name):
        """Full-page screenshots at the desktop and the phone width (for pages, like admin's, outside our layout)."""
        for width, height in ((1280, 900), (PHONE_WIDTH, 844)):
            self.page.set_viewport_size({"width": width, "height": height})
            self.screenshot(f"{name}-{width}")
        self.page.set_viewport_size({"width": 1200, "height": 900})

    def check(self, name):
        """The current page at a desktop and a phone width: a full-page screenshot at each,
        no sideways scrolling at the phone width, and no serious or critical accessibility
        violation (axe-core)."""
        for width, height in ((1280, 900), (PHONE_WIDTH, 844)):
            self.page.set_viewport_size({"width": width, "height": height})
            self.screenshot(f"{name}-{width}")
        assert_no_sideways_scroll(self.page, name)
        assert_accessible(self.page, name)
        self.page.set_viewport_size({"width": 1200, "height": 900})

    def assert_no_csp_violations(self):
        violations = [e for e in self.console_errors if "Content Security Policy" in e or "Refused to" in e]
        assert not violations, violations


@pytest.fixture
def web(browser, live_server, settings):
    ensure_common_specialties()  # transactional tests start from a flushed database
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    watcher = PageWatcher(page, live_server)
    yield watcher
    watcher.assert_no_csp_violations()
    context.close()

"""Playwright against a live server: Debian's Chromium, never a downloaded browser.

One browser, one live server and one demo site serve every browser test of a
session: the demo is loaded once (`load_demo`, idempotent) and the tests run
outside transactions, as the live server does. A test that writes cleans up
after itself or works on objects of its own.

Without /usr/bin/chromium the browser tests skip with the reason; under CI
(`CI=true`) a missing browser fails instead, so a green CI always means they ran.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "mobile": {"width": 390, "height": 844},
}
# Every page type is checked at these widths (tests/browser/test_every_page.py).
WIDTHS = (320, 390, 1280)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# WCAG 2.2 A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """The demo site in the test database, shared by all browser tests.

    Database access stays open for the browser tests (no transaction: the live
    server must see what a test writes). Transactional tests of other apps
    may have emptied the database before: then the demo is loaded again.
    """
    from backportal.core.models import HomePage

    with django_db_blocker.unblock():
        if not HomePage.objects.exists():
            call_command("load_demo", stdout=io.StringIO())
        cache.clear()
        yield


@pytest.fixture(autouse=True)
def _browser_db_access(demo_site, django_db_blocker):
    """Every browser test may use the ORM on the shared demo database; a
    transactional test before it may have emptied the database (one query)."""
    from backportal.core.models import HomePage

    with django_db_blocker.unblock():
        if not HomePage.objects.exists():
            call_command("load_demo", stdout=io.StringIO())
            cache.clear()


@pytest.fixture(scope="session")
def site_url(demo_site):
    """URL of the one live server of the session, serving the demo site."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server.url
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture(scope="session")
def browser(site_url):
    """Chromium for the session; closed before the live server stops, so no
    kept-alive connection holds a database session past the tests."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI must run the browser tests)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between page actions are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
            )
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def new_page(browser, viewport, **options):
    """A page in a fresh context (no cookies), German, with a 20 s timeout
    (the machines running the suite are shared and often busy)."""
    context = browser.new_context(viewport=viewport, locale="de-DE", **options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def save_failure_screenshot(request, page):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = request.node.nodeid.replace("/", "_").replace("::", "-")
        page.screenshot(path=ARTIFACTS / f"failed-{name}.png", full_page=True)


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    """A fresh browser page at desktop and at mobile width."""
    page = new_page(browser, VIEWPORTS[request.param])
    yield page
    save_failure_screenshot(request, page)
    page.context.close()


@pytest.fixture
def desktop_page(request, browser):
    """A fresh browser page at desktop width only."""
    page = new_page(browser, VIEWPORTS["desktop"])
    yield page
    save_failure_screenshot(request, page)
    page.context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def check_accessible(page):
    """Run axe-core's WCAG 2.2 A/AA rules on the page; fail with its report."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def assert_accessible():
    """axe-core's WCAG 2.2 A/AA rules as a fixture (see check_accessible)."""
    return check_accessible

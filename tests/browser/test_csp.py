"""No page breaks under the Content-Security-Policy: Chromium reports no violation
on any page type, for anonymous readers and for an editor with Wagtail's userbar."""

import pytest
from django.core.cache import cache

from tests.quality.pages import PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded by the browser itself (an init script runs outside the page's policy).
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.disposition} ${event.effectiveDirective} ${event.blockedURI} ` +
    `${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(browser):
    """A page whose console CSP messages and violation events are collected."""
    cache.clear()
    context = browser.new_context(locale="de-DE")
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page, messages
    context.close()


def visit_every_page(page, messages, site_url):
    found = {}
    for site_page in PUBLIC_PAGES:
        page.goto(site_url + site_page.path)
        page.wait_for_load_state("load")
        events = page.evaluate("window.__cspViolations")
        if events or messages:
            found[site_page.name] = [*events, *messages]
        messages.clear()
    return found


def test_readers_meet_no_csp_violation_on_any_page(watched, site_url):
    page, messages = watched
    assert visit_every_page(page, messages, site_url) == {}


def test_editors_with_the_userbar_meet_no_csp_violation(watched, site_url):
    page, messages = watched
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "redaktion")
    page.fill("#id_password", "backportal-demo")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    messages.clear()
    found = visit_every_page(page, messages, site_url)
    assert found == {}
    # The userbar is there and opens: its scripts and styles were allowed.
    page.goto(site_url + "/")
    trigger = page.locator("wagtail-userbar").locator("#wagtail-userbar-trigger")
    trigger.click()
    assert (
        page.locator("wagtail-userbar").locator("#wagtail-userbar-items").is_visible()
    )
    assert page.evaluate("window.__cspViolations") == []
    assert messages == []

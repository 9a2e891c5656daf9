"""The site-wide pages in a real browser: skip link, focus ring, footer links.

axe-core on every page type runs in test_every_page.py.
"""

import pytest

from tests.quality.pages import ARTICLE

from .keyboard import FOCUS_INDICATOR_JS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", ARTICLE])
def test_skip_link_is_first_on_tab_and_moves_focus_to_main(page, site_url, path):
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    assert skip.evaluate(FOCUS_INDICATOR_JS)["ring"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/", ARTICLE])
def test_every_tab_stop_shows_a_visible_focus_ring(page, site_url, path):
    """Walk the page by Tab to the footer: each stop is on screen and ringed."""
    page.goto(site_url + path)
    hidden = []
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if focused.evaluate("el => el === document.body"):
            break
        state = focused.evaluate(FOCUS_INDICATOR_JS)
        if not (state["ring"] and state["onScreen"]):
            hidden.append(state["label"])
        if focused.evaluate("el => !!el.closest('.site-footer')"):
            break
    assert not hidden, f"focus not visible on: {hidden}"


def test_footer_leads_to_the_legal_pages(page, site_url):
    page.goto(site_url + "/")
    page.get_by_role("link", name="Impressum").click()
    assert page.locator("h1").inner_text() == "Impressum"
    page.get_by_role("link", name="Datenschutz").click()
    assert page.locator("h1").inner_text() == "Datenschutz"

"""Every public page of the demo (tests/quality/pages.py) at 320, 390 and 1280 px.

One test per width walks every page type plus every live article and product
detail page on the session's shared demo site: the status and <h1>, no
sideways scrolling (WCAG 1.4.10 Reflow), every affiliate button reachable and
unclipped. Once per page type (PUBLIC_PAGES), the dearer checks: axe-core's
WCAG 2.2 A/AA rules (at 390 and 1280 px) and a full-page screenshot in
test-artifacts/screenshots/ for a person to look at. The failure names every
page with its problems.
"""

import pytest

from tests.quality.pages import PUBLIC_PAGES, demo_pages

from .conftest import ARTIFACTS, WIDTHS, check_accessible, new_page
from .layout import (
    AFFILIATE_BUTTONS,
    HORIZONTAL_OVERFLOW_JS,
    LOAD_LAZY_IMAGES_JS,
    SELECTORS_PRESENT_JS,
    UNREACHABLE_BUTTONS_JS,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_reflows_shows_its_buttons_and_is_accessible(
    browser, site_url, width
):
    page = new_page(browser, {"width": width, "height": 800})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    placements = set()
    pages = demo_pages()
    assert len(pages) > len(PUBLIC_PAGES) + 10, "the demo's articles and products"
    for site_page in pages:
        page_type = site_page in PUBLIC_PAGES
        response = page.goto(site_url + site_page.path)
        if page_type:
            page.evaluate(LOAD_LAZY_IMAGES_JS)
            page.screenshot(
                path=ARTIFACTS / f"{site_page.name}-{width}.png", full_page=True
            )
        headings = page.locator("h1").all_inner_texts()
        if response.status != site_page.status or headings != [site_page.heading]:
            problems.append(
                f"{site_page.path}: status {response.status}, <h1> {headings}"
            )
            continue
        overflow = page.evaluate(HORIZONTAL_OVERFLOW_JS)
        if overflow:
            problems.append(f"{site_page.path}: scrolls sideways {overflow}")
        placements.update(page.evaluate(SELECTORS_PRESENT_JS, AFFILIATE_BUTTONS))
        hidden = page.evaluate(UNREACHABLE_BUTTONS_JS, AFFILIATE_BUTTONS)
        if hidden:
            problems.append(f"{site_page.path}: buttons not reachable {hidden}")
        if page_type and width != 320:
            try:
                check_accessible(page)
            except AssertionError as error:
                problems.append(f"{site_page.path}: {error}")
    page.context.close()
    every_placement = {part.strip() for part in AFFILIATE_BUTTONS.split(",")}
    unchecked = every_placement - placements
    if unchecked:
        problems.append(f"no demo page shows buttons of {sorted(unchecked)}")
    assert not problems, "\n\n".join(problems)

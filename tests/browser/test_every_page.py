"""axe-core on every public page type (tests/quality/pages.py), at both viewports.

One test per viewport walks the whole list, so the demo site is loaded once
per viewport; the failure names every page with its violations.
"""

import pytest

from tests.quality.pages import PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_public_page_loads_and_is_accessible(page, site_url, assert_accessible):
    problems = []
    for site_page in PUBLIC_PAGES:
        response = page.goto(site_url + site_page.path)
        headings = page.locator("h1").all_inner_texts()
        if response.status != site_page.status or headings != [site_page.heading]:
            problems.append(
                f"{site_page.path}: status {response.status}, <h1> {headings}"
            )
            continue
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(f"{site_page.path}: {error}")
    assert not problems, "\n\n".join(problems)

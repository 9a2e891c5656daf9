"""The site-wide pages in a real browser: they load, are accessible, work by keyboard."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("/", "Gesunder Rücken"),
    ("/impressum/", "Impressum"),
    ("/datenschutz/", "Datenschutz"),
]


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_page_loads_and_is_accessible(page, site_url, assert_accessible, path, heading):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.locator("h1").inner_text() == heading
    assert_accessible(page)


def test_404_page_is_accessible(page, site_url, assert_accessible):
    response = page.goto(site_url + "/gibt-es-nicht/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Diese Seite gibt es leider nicht"
    assert_accessible(page)


def test_skip_link_is_first_on_tab_and_moves_focus_to_main(page, site_url):
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_footer_leads_to_the_legal_pages(page, site_url):
    page.goto(site_url + "/")
    page.get_by_role("link", name="Impressum").click()
    assert page.locator("h1").inner_text() == "Impressum"
    page.get_by_role("link", name="Datenschutz").click()
    assert page.locator("h1").inner_text() == "Datenschutz"

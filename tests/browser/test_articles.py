"""Reader journeys through the articles in a real browser, with axe-core checks."""

import pytest

from articles.models import ArticleFeedback

from .keyboard import is_focused, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "/ratgeber/muskelverhaertung-unterer-ruecken-loesen/"


def test_reader_goes_from_home_to_topic_to_article_and_uses_toc(page, site_url):
    page.goto(site_url + "/")
    page.locator(".topic-list").get_by_role("link", name="Rückentraining").click()
    assert page.locator("h1").inner_text() == "Rückentraining"
    page.get_by_role(
        "link", name="Muskelverhärtung im unteren Rücken lösen"
    ).first.click()
    assert "Muskelverhärtung" in page.locator("h1").inner_text()
    page.locator("nav.toc").get_by_role("link", name="Die häufigsten Ursachen").click()
    assert page.url.endswith("#die-haufigsten-ursachen")
    assert page.locator("#die-haufigsten-ursachen").is_visible()


def test_citation_number_and_back_link(page, site_url):
    page.goto(site_url + ARTICLE)
    page.locator("sup.cite a").first.click()
    assert page.url.endswith("#quelle-1")
    assert page.locator("#quelle-1").is_visible()
    page.locator("#quelle-1 a.backref").first.click()
    assert page.url.endswith("#zitat-1-1")
    assert page.locator("#zitat-1-1").is_visible()


def test_reader_votes_helpful_by_keyboard(page, site_url):
    page.goto(site_url + ARTICLE)
    tab_to(page, page.get_by_role("button", name="Nein", exact=True))
    page.keyboard.press("Shift+Tab")
    assert is_focused(page.get_by_role("button", name="Ja, hilfreich"))
    page.keyboard.press("Enter")
    page.wait_for_url("**#feedback")
    assert page.get_by_text("Danke für dein Feedback!").is_visible()
    assert ArticleFeedback.objects.get(page__slug=ARTICLE.split("/")[2]).helpful == 1


def test_reader_searches_and_opens_a_result(page, site_url):
    page.goto(site_url + "/")
    page.get_by_role("searchbox", name="Suche").fill("Krampf")
    page.get_by_role("button", name="Suchen").click()
    page.locator(".search-results a").first.click()
    assert "Krampf" in page.locator("h1").inner_text()


def test_toc_links_are_reachable_by_tab(page, site_url):
    page.goto(site_url + ARTICLE)
    first_toc_link = page.locator("nav.toc a").first
    tab_to(page, first_toc_link, limit=40)
    outline = first_toc_link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


def test_images_keep_their_proportions(page, site_url):
    """No image is squeezed by the layout: the author's round photo beside a
    long biography stays round, teasers and boxes keep their shape."""
    page.goto(site_url + ARTICLE)
    images = page.locator(".author-box img, .teaser img, .product-box img")
    assert images.count() >= 3
    for number in range(images.count()):
        image = images.nth(number)
        image.scroll_into_view_if_needed()
        box = image.bounding_box()
        natural = image.evaluate(
            "i => [i.getAttribute('width'), i.getAttribute('height')]"
        )
        expected = int(natural[0]) / int(natural[1])
        assert box["width"] / box["height"] == pytest.approx(expected, rel=0.03), (
            image.evaluate("i => i.outerHTML")[:120],
            box,
        )

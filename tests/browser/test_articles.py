"""Reader journeys through the articles in a real browser, with axe-core checks."""

import pytest
from django.core.cache import cache

from articles.models import ArticleFeedback, ArticlePage

from .conftest import VIEWPORTS, new_page
from .keyboard import is_focused, tab_to

pytestmark = pytest.mark.browser

ARTICLE = "/ratgeber/muskelverhaertung-unterer-ruecken-loesen/"
SLUG = ARTICLE.split("/")[2]


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


@pytest.fixture
def feedback_counts():
    """The demo article's votes before the test, restored afterwards.

    A visitor counts once per article and day (a key in the cache): each test
    votes as a new day's visitor, so the cache is emptied first."""
    cache.clear()
    article = ArticlePage.objects.get(slug=SLUG)
    feedback, _ = ArticleFeedback.objects.get_or_create(page=article)
    yield feedback
    ArticleFeedback.objects.filter(pk=feedback.pk).update(
        helpful=feedback.helpful, not_helpful=feedback.not_helpful
    )


def in_viewport(locator) -> bool:
    return locator.evaluate(
        """el => { const box = el.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight; }"""
    )


def test_reader_votes_helpful_by_keyboard_and_sees_thanks_where_she_is(
    page, site_url, feedback_counts
):
    page.goto(site_url + ARTICLE)
    page.evaluate("window.notReloaded = true")
    tab_to(page, page.get_by_role("button", name="Nein", exact=True))
    page.keyboard.press("Shift+Tab")
    assert is_focused(page.get_by_role("button", name="Ja, hilfreich"))
    page.keyboard.press("Enter")
    thanks = page.locator("#feedback").get_by_role("status")
    thanks.get_by_text("Danke für dein Feedback!").wait_for()
    assert in_viewport(thanks)
    assert page.evaluate("window.notReloaded")  # no reload, no jump to the top
    assert page.get_by_role("button", name="Ja, hilfreich").is_hidden()
    feedback = ArticleFeedback.objects.get(pk=feedback_counts.pk)
    assert feedback.helpful == feedback_counts.helpful + 1


def test_vote_without_javascript_lands_at_the_thanks(
    browser, site_url, feedback_counts
):
    page = new_page(browser, VIEWPORTS["mobile"], java_script_enabled=False)
    page.goto(site_url + ARTICLE)
    page.get_by_role("button", name="Nein", exact=True).click()
    page.wait_for_url("**#feedback")
    thanks = page.locator("#feedback").get_by_role("status")
    assert thanks.inner_text() == "Danke für dein Feedback!"
    assert in_viewport(thanks)
    feedback = ArticleFeedback.objects.get(pk=feedback_counts.pk)
    assert feedback.not_helpful == feedback_counts.not_helpful + 1
    page.context.close()


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

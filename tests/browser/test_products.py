"""The catalogue and product blocks in a real browser: accessible, clickable, counted."""

import re

import pytest

from .conftest import WIDTHS, new_page
from .layout import CATALOGUE_ROWS_JS, HORIZONTAL_OVERFLOW_JS, UNREACHABLE_BUTTONS_JS

pytestmark = pytest.mark.browser

BOX_ARTICLE = "/ratgeber/muskelverhaertung-unterer-ruecken-loesen/"
# Its box links straight to the demo marketplace (direct mode); the box above
# falls back to a redirect shop while the marketplace is out of stock.
DIRECT_BOX_ARTICLE = "/ratgeber/tiefe-rueckenmuskulatur-staerken/"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/empfehlungen/", "Unsere Empfehlungen"),
        (
            "/empfehlungen/waermewerk-shiatsu-kissen/",
            "Wärmewerk Shiatsu-Massagekissen Komfort",
        ),
        ("/empfehlungen/magnavita-magnesium-400/", "Magnavita Magnesium 400 Kapseln"),
        (BOX_ARTICLE, "Muskelverhärtung im unteren Rücken lösen: Was wirklich hilft"),
    ],
)
def test_catalogue_pages_load_and_are_accessible(
    page, site_url, assert_accessible, path, heading
):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.locator("h1").inner_text() == heading
    assert page.locator(".ad-label__tag").first.is_visible()
    assert page.locator("aside.affiliate-disclosure").is_visible()
    assert_accessible(page)


def test_comparison_table_scrolls_by_keyboard(page, site_url):
    page.goto(site_url + BOX_ARTICLE)
    region = page.get_by_role("region", name="Wärme und Massage im Vergleich")
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    if not region.evaluate("el => el.scrollWidth > el.clientWidth"):
        return  # wide enough to need no scrolling
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "el => el.scrollLeft > 0", arg=region.element_handle(), timeout=5_000
    )


def spread(values) -> float:
    return max(values) - min(values)


def test_catalogue_categories_fill_the_width_with_aligned_cards(desktop_page, site_url):
    """At 1280 px each category runs full width with three or more columns;
    cards in a row are equally tall, their prices and buttons line up."""
    page = desktop_page
    page.goto(site_url + "/empfehlungen/")
    categories = page.evaluate(CATALOGUE_ROWS_JS)
    assert len(categories) >= 5
    for category in categories:
        name = category["name"]
        assert category["width"] >= category["catalogueWidth"] - 1, name
        assert category["columns"] >= 3, name
        if category["cards"] >= 3:
            assert len(category["rows"][0]) >= 3, name
        for row in category["rows"]:
            assert spread([card["height"] for card in row]) <= 1, (name, row)
            assert spread([card["priceTop"] for card in row]) <= 1, (name, row)
            assert spread([card["buttonBottom"] for card in row]) <= 1, (name, row)


def test_catalogue_does_not_scroll_sideways_at_320(browser, site_url):
    page = new_page(browser, {"width": 320, "height": 800})
    page.goto(site_url + "/empfehlungen/")
    assert page.evaluate(HORIZONTAL_OVERFLOW_JS) is None
    for category in page.evaluate(CATALOGUE_ROWS_JS):
        assert all(len(row) == 1 for row in category["rows"]), category
    page.context.close()


def test_comparison_table_fits_its_buttons_at_every_width(browser, site_url):
    """Wide screens: wider than the text column; narrow ones: stacked cards."""
    widths = {}
    for width in WIDTHS:
        page = new_page(browser, {"width": width, "height": 800})
        page.goto(site_url + BOX_ARTICLE)
        table = page.locator(".product-table").first
        widths[width] = (
            table.bounding_box()["width"],
            page.locator(".article__body").bounding_box()["width"],
        )
        hidden = page.evaluate(UNREACHABLE_BUTTONS_JS, ".product-table a.button")
        assert not hidden, (width, hidden)
        scroll = page.locator(".product-table__scroll").first
        assert not scroll.evaluate("el => el.scrollWidth > el.clientWidth"), width
        page.context.close()
    table_width, column_width = widths[1280]
    assert table_width > column_width + 100


def test_direct_link_click_is_counted_by_beacon_once(page, site_url):
    page.goto(site_url + DIRECT_BOX_ARTICLE)
    link = page.locator(".product-box a.button.affiliate-link").first
    # The script takes over from `ping` (no double count) where sendBeacon exists.
    assert link.get_attribute("ping") is None
    assert link.get_attribute("data-affiliate-ping").startswith(
        site_url + "/click/?link="
    )
    with (
        page.expect_request(
            lambda request: "/click/?link=" in request.url and request.method == "POST"
        ) as beacon,
        page.context.expect_page() as popup,
    ):
        link.click()
    assert "p=box" in beacon.value.url
    popup.value.close()


def test_redirect_link_leads_through_go_to_the_demo_shop(page, site_url):
    page.goto(site_url + "/empfehlungen/")
    link = page.locator('a.affiliate-link[href^="/go/"]').first
    href = link.get_attribute("href")
    response = page.request.get(site_url + href, max_redirects=0)
    assert response.status == 302
    assert "/demo-shop/" in response.headers["location"]


@pytest.fixture
def draft_of_demo_article():
    """The demo article the test saves a draft of; the draft goes afterwards."""
    from articles.models import ArticlePage

    article = ArticlePage.objects.get(slug="rueckenkraempfe-was-tun")
    yield article
    article.revisions.filter(pk__gt=article.latest_revision_id).delete()
    ArticlePage.objects.filter(pk=article.pk).update(
        latest_revision=article.latest_revision_id,
        has_unpublished_changes=article.has_unpublished_changes,
        draft_title=article.draft_title,
    )


def test_editor_links_words_to_a_product_from_the_toolbar(
    page, site_url, draft_of_demo_article
):
    from articles.models import ArticlePage
    from products.models import Product

    article = draft_of_demo_article
    product = Product.objects.get(slug="relaxa-massagekissen-mini")
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "backportal-demo")
    page.click("button[type=submit]")
    page.goto(f"{site_url}/admin/pages/{article.pk}/edit/")
    # The demo's stored product link shows as an entity (tag icon) over its words.
    stored_link = page.locator(".TooltipEntity", has_text="den Kapseln von Magnavita")
    stored_link.wait_for()
    assert stored_link.locator("svg.icon-tag").count() == 1
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Kissen")
    for _ in "Kissen":
        page.keyboard.press("Shift+ArrowLeft")
    # Each editor has its own toolbar: use the one showing for this selection.
    page.locator('[name="PRODUCT_LINK"]:visible').first.click()
    page.locator(f'.modal a:has-text("{product.name}")').first.click()
    page.locator(".TooltipEntity", has_text=re.compile(r"^Kissen$")).wait_for()
    # Draftail writes its state to the form field a moment later.
    page.wait_for_function(
        """() => [...document.querySelectorAll("input[type=hidden]")].some(
            (input) => input.value.includes("PRODUCT_LINK") && input.value.includes("Kissen")
        )"""
    )
    with page.expect_navigation():
        page.locator("button.action-save").first.click()
    stored = str(ArticlePage.objects.get(pk=article.pk).latest_revision.content["body"])
    expected = (
        f'<embed embedtype=\\"product\\" id=\\"{product.pk}\\" text=\\"Kissen\\"/>'
    )
    assert expected in stored, stored

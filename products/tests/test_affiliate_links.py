"""Every affiliate link, wherever it stands, as readers and browsers get it."""

from urllib.parse import parse_qs, urlsplit

import pytest

from products.factories import AffiliateLinkFactory, ProductFactory

from .conftest import box, product_link, product_list, table, text

pytestmark = pytest.mark.django_db


def affiliate_links(soup):
    return soup.select("a.affiliate-link")


def assert_labelled_link(a):
    assert a["rel"] == ["sponsored", "nofollow", "noopener"]
    assert a["target"] == "_blank"
    assert a.select_one(".affiliate-link__mark").get_text() == "*"
    # The asterisk directly follows the visible link text.
    visible = (
        "".join(
            str(node) for node in a.contents if getattr(node, "name", None) != "span"
        )
        + a.select_one(".affiliate-link__mark").get_text()
    )
    assert visible.endswith("*")
    if a.has_attr("ping"):
        assert a["ping"].startswith("http://testserver/click/?link=")


def test_redirect_mode_never_shows_the_merchant_url(
    publish_article, render, redirect_link
):
    product = redirect_link.product
    page = publish_article(
        box(product),
        table(product, ProductFactory()),
        product_list(product.category),
        text(f"<p>Wir mögen {product_link(product)} sehr.</p>"),
    )
    response, soup = render(page.url)
    html = response.content.decode()
    assert "shop.example" not in html
    links = affiliate_links(soup)
    placements = set()
    for a in links:
        url = urlsplit(a["href"])
        assert url.path == f"/go/{redirect_link.slug}/"
        query = parse_qs(url.query)
        assert query["from"] == [str(page.pk)]
        placements.add(query["p"][0])
        assert not a.has_attr("ping")
        assert_labelled_link(a)
    assert placements == {"box", "table", "list", "text"}


def test_direct_mode_links_the_merchant_and_pings_the_click_endpoint(
    publish_article, render, direct_link
):
    page = publish_article(box(direct_link.product))
    _response, soup = render(page.url)
    (a,) = affiliate_links(soup)
    assert a["href"] == direct_link.url
    ping = urlsplit(a["ping"])
    # Absolute: HTML allows only http(s) URLs in `ping`.
    assert (ping.scheme, ping.netloc, ping.path) == ("http", "testserver", "/click/")
    assert parse_qs(ping.query) == {
        "link": [direct_link.slug],
        "from": [str(page.pk)],
        "p": ["box"],
    }
    assert_labelled_link(a)
    # The beacon fallback is loaded; without JavaScript the ping still works.
    assert soup.select_one('script[src$="js/affiliate-beacon.js"]') is not None


def test_redirect_only_pages_load_no_beacon_script(
    publish_article, render, redirect_link
):
    page = publish_article(box(redirect_link.product))
    _response, soup = render(page.url)
    assert soup.select_one('script[src$="js/affiliate-beacon.js"]') is None


@pytest.mark.parametrize("merchant_fixture", ["redirect_link", "direct_link"])
def test_every_placement_carries_rel_target_and_asterisk(
    request, publish_article, render, merchant_fixture
):
    link = request.getfixturevalue(merchant_fixture)
    product = link.product
    page = publish_article(
        box(product),
        table(product, ProductFactory()),
        product_list(product.category),
        text(f"<p>Siehe {product_link(product, 'unser Tipp')}.</p>"),
    )
    _response, soup = render(page.url)
    links = affiliate_links(soup)
    assert len(links) == 4
    for a in links:
        assert_labelled_link(a)


def test_werbung_label_on_every_box_table_and_list(
    publish_article, render, redirect_link
):
    product = redirect_link.product
    page = publish_article(
        box(product), table(product, ProductFactory()), product_list(product.category)
    )
    _response, soup = render(page.url)
    containers = soup.select(".product-box, .product-table, .product-list")
    assert len(containers) == 3
    for container in containers:
        label = container.select_one(".ad-label")
        assert label.select_one(".ad-label__tag").get_text() == "Werbung"
        assert "Provision" in label.get_text()


def test_product_link_in_running_text_gets_asterisk_and_label(
    publish_article, render, redirect_link
):
    page = publish_article(
        text(
            f"<p>Ich nutze {product_link(redirect_link.product, 'mein Kissen')} täglich.</p>"
        )
    )
    _response, soup = render(page.url)
    paragraph = soup.select_one(".rich-text p")
    a = paragraph.select_one("a.affiliate-link")
    assert a.get_text().startswith("mein Kissen*")
    assert a.find_next_sibling("span")["class"] == ["ad-label", "ad-label--inline"]
    assert a.find_next_sibling("span").get_text() == "Werbung"
    assert paragraph.get_text().endswith("Werbung täglich.")


def test_product_link_to_an_unavailable_product_leaves_plain_text(
    publish_article, render
):
    archived = AffiliateLinkFactory(product=ProductFactory(is_active=False)).product
    page = publish_article(
        text(
            f"<p>Früher: {product_link(archived, 'altes Kissen')}; gelöscht: "
            '<embed embedtype="product" id="999999" text="weg"/>.</p>'
        )
    )
    _response, soup = render(page.url)
    assert (
        soup.select_one(".rich-text p").get_text()
        == "Früher: altes Kissen; gelöscht: weg."
    )
    assert not affiliate_links(soup)


def test_the_best_live_link_comes_first(publish_article, render, redirect_link):
    product = redirect_link.product
    better = AffiliateLinkFactory(product=product, priority=5)
    AffiliateLinkFactory(product=product, priority=9, is_active=False)
    page = publish_article(box(product), table(product, ProductFactory()))
    _response, soup = render(page.url)
    box_links = soup.select(".product-box a.affiliate-link")
    assert [urlsplit(a["href"]).path for a in box_links] == [
        f"/go/{better.slug}/",
        f"/go/{redirect_link.slug}/",
    ]
    assert "button" in box_links[0]["class"]
    (table_link,) = soup.select(".product-table a.affiliate-link")
    assert urlsplit(table_link["href"]).path == f"/go/{better.slug}/"

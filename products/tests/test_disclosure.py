"""The disclosure is decided from the page's data: exactly the pages with links."""

import pytest

from backportal.core.models import SiteSettings
from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory

from .conftest import box, product_link, table, text

pytestmark = pytest.mark.django_db

DISCLOSURE = "Links führen zu Händlern, die uns für eine Bestellung"
NOTICE = "In diesem Artikel stehen Affiliate-Links"


def disclosure(soup):
    return soup.select_one("main aside.affiliate-disclosure")


def test_page_with_a_box_shows_disclosure_and_merchant_statement(
    publish_article, render, direct_link
):
    page = publish_article(box(direct_link.product))
    _response, soup = render(page.url)
    aside = disclosure(soup)
    assert DISCLOSURE in aside.get_text()
    assert (
        "Als Amazon-Partner verdiene ich an qualifizierten Verkäufen."
        in aside.get_text()
    )
    # At the end of the content: after the article, inside <main>.
    assert aside.find_previous("article") is not None
    assert aside.parent.name == "main"


def test_page_without_affiliate_links_shows_none(publish_article, render):
    page = publish_article(text("<p>Nur Text.</p>"))
    response, soup = render(page.url)
    assert disclosure(soup) is None
    assert DISCLOSURE not in response.content.decode()
    assert NOTICE not in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/impressum/", "/ratgeber/"])
def test_site_pages_without_products_show_none(render, path):
    response, soup = render(path)
    assert disclosure(soup) is None


def test_404_page_shows_none(render):
    _response, soup = render("/gibt-es-nicht/", status=404)
    assert disclosure(soup) is None


def test_a_comparison_table_alone_triggers_the_disclosure(
    publish_article, render, redirect_link
):
    page = publish_article(table(ProductFactory(), redirect_link.product))
    _response, soup = render(page.url)
    assert DISCLOSURE in disclosure(soup).get_text()


def test_a_product_link_in_running_text_alone_triggers_it(
    publish_article, render, redirect_link
):
    page = publish_article(text(f"<p>Tipp: {product_link(redirect_link.product)}.</p>"))
    _response, soup = render(page.url)
    assert disclosure(soup) is not None
    assert soup.select_one(".affiliate-notice") is not None


def test_boxes_that_render_no_link_trigger_nothing(publish_article, render):
    archived = AffiliateLinkFactory(product=ProductFactory(is_active=False)).product
    without_links = ProductFactory()
    page = publish_article(box(archived), box(without_links))
    _response, soup = render(page.url)
    assert not soup.select("a.affiliate-link")
    assert disclosure(soup) is None


def test_each_merchant_statement_appears_once(publish_article, render, direct_link):
    other = AffiliateLinkFactory(
        merchant=MerchantFactory(disclosure_statement="Pflichthinweis der Apotheke.")
    )
    second_amazon = AffiliateLinkFactory(merchant=direct_link.merchant)
    page = publish_article(
        box(direct_link.product),
        box(second_amazon.product),
        table(direct_link.product, other.product),
        text(f"<p>{product_link(direct_link.product)}</p>"),
    )
    response, soup = render(page.url)
    html = response.content.decode()
    assert (
        html.count("Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.") == 1
    )
    assert html.count("Pflichthinweis der Apotheke.") == 1
    assert html.count(DISCLOSURE) == 1


def test_disclosure_text_comes_from_site_settings(
    publish_article, render, redirect_link
):
    settings = SiteSettings.objects.get()
    settings.affiliate_disclosure = "*Eigener Offenlegungstext."
    settings.save()
    page = publish_article(box(redirect_link.product))
    _response, soup = render(page.url)
    assert disclosure(soup).get_text().strip().startswith("*Eigener Offenlegungstext.")


def test_short_notice_precedes_the_first_affiliate_link(
    publish_article, render, redirect_link
):
    page = publish_article(
        text(f"<p>Gleich am Anfang: {product_link(redirect_link.product)}.</p>"),
        box(redirect_link.product),
    )
    _response, soup = render(page.url)
    notice = soup.select_one(".affiliate-notice")
    assert NOTICE in notice.get_text()
    elements = soup.select(".affiliate-notice, a.affiliate-link")
    assert elements[0] is notice
    assert notice.find_previous("p", class_="lead") is not None


def test_child_templates_cannot_drop_the_disclosure():
    """It is rendered outside every block of base.html."""
    from django.template.loader import get_template

    source = get_template("base.html").template.source
    main = source[source.index("<main") : source.index("</main>")]
    content = "{% block content %}{% endblock %}"
    after_content = main[main.index(content) + len(content) :]
    assert "{% affiliate_disclosure %}" in after_content
    assert "{% block" not in after_content

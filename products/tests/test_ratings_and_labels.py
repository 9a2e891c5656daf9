"""Third-party ratings carry their source's note or vanish; merchants label links.

UWG § 5b Abs. 3: beside another platform's ratings, say whether and how their
authenticity is checked. Partner programmes: some forbid showing their ratings
outside their own interface, and some name the label beside every link.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from products.factories import (
    AffiliateLinkFactory,
    CategoryFactory,
    MerchantFactory,
    ProductFactory,
)
from products.models import Merchant
from products.page_products import fresh_until

from .conftest import box, product_link, product_list, table, text

pytestmark = pytest.mark.django_db

AMAZON_NOTE = (
    "Bewertungen von Amazon-Kunden; wir prüfen nicht, ob sie von Käufern stammen."
)


def rated(merchant, **kwargs):
    product = ProductFactory(
        category=CategoryFactory(),
        external_rating=Decimal("4.5"),
        external_rating_count=3812,
        external_rating_source=merchant,
        external_rating_checked_at=timezone.now() - timedelta(hours=1),
        **kwargs,
    )
    AffiliateLinkFactory(product=product, merchant=merchant)
    return product


def rendered_everywhere(publish_article, render, product):
    """(article soup, detail soup, catalogue soup) for a product in box and list."""
    page = publish_article(box(product), product_list(product.category))
    _r, article = render(page.url)
    _r, detail = render(f"/empfehlungen/{product.slug}/")
    _r, catalogue = render("/empfehlungen/")
    return article, detail, catalogue


def card(soup, product):
    return next(
        li for li in soup.select(".product-card") if product.name in li.get_text()
    )


def test_the_sources_note_stands_beside_its_ratings_everywhere(publish_article, render):
    amazon = MerchantFactory(name="Amazon", rating_note=AMAZON_NOTE)
    product = rated(amazon)
    article, detail, catalogue = rendered_everywhere(publish_article, render, product)
    places = [
        article.select_one(".product-box .rating--external"),
        article.select_one(".product-list .rating--external"),
        detail.select_one(".product-detail .rating--external"),
        card(catalogue, product).select_one(".rating--external"),
    ]
    for external in places:
        assert "4,5 Sterne aus 3.812 Bewertungen bei Amazon" in external.get_text()
        assert external.select_one(".rating__note").get_text() == AMAZON_NOTE


def test_without_its_own_wording_the_note_says_authenticity_is_not_checked(
    publish_article, render
):
    product = rated(MerchantFactory(name="Demo-Markt", rating_note=""))
    page = publish_article(box(product))
    _r, soup = render(page.url)
    assert soup.select_one(".rating__note").get_text() == (
        "Bewertungen von Kundinnen und Kunden bei Demo-Markt; wir prüfen nicht, "
        "ob sie von Käufern stammen."
    )


def test_switching_a_source_off_removes_its_stars_and_counts_everywhere(
    publish_article, render
):
    hidden = MerchantFactory(name="Amazon", show_ratings=False)
    product = rated(hidden, our_rating=Decimal("4.0"))
    other = rated(MerchantFactory(name="Rückenladen"))
    article, detail, catalogue = rendered_everywhere(publish_article, render, product)
    for soup in (article, detail, catalogue):
        assert "Bewertungen bei Amazon" not in soup.get_text()
    assert article.select(".rating--external") == []
    assert detail.select(".rating--external") == []
    assert card(catalogue, product).select(".rating--external") == []
    for rating in (
        article.select_one(".product-box .ratings"),
        detail.select_one(".product-detail .ratings"),
    ):
        # Our editorial rating still shows, alone.
        assert [li["class"] for li in rating.select("li")] == [["rating"]]
        assert rating.select_one(".stars")["aria-label"] == "4 von 5 Sternen"
    # Another source's ratings are untouched.
    page = publish_article(box(other))
    _r, soup = render(page.url)
    assert "bei Rückenladen" in soup.select_one(".rating--external").get_text()


def test_a_hidden_rating_no_longer_bounds_the_page_cache(publish_article):
    merchant = MerchantFactory(max_data_age_hours=24, show_ratings=False)
    product = rated(merchant)
    product.links.update(price=None, price_checked_at=None)
    page = publish_article(box(product))
    assert fresh_until(page) is None
    Merchant.objects.filter(pk=merchant.pk).update(show_ratings=True)
    page = publish_article(box(product))
    assert fresh_until(page) == product.external_rating_checked_at + timedelta(hours=24)


@pytest.fixture
def labelled_link():
    merchant = MerchantFactory(
        direct=True, name="Amazon", link_label="(bezahlter Link)"
    )
    return AffiliateLinkFactory(merchant=merchant)


def test_a_merchants_label_follows_every_link_kind(
    publish_article, render, labelled_link
):
    product = labelled_link.product
    page = publish_article(
        box(product),
        table(product, ProductFactory()),
        product_list(product.category),
        text(f"<p>Ich nutze {product_link(product, 'mein Kissen')} täglich.</p>"),
    )
    _r, soup = render(page.url)
    placements = {
        ".product-box": "box",
        ".product-table": "table",
        ".product-list": "list",
        ".rich-text": "text",
    }
    for container, _placement in placements.items():
        links = soup.select(f"{container} a.affiliate-link")
        assert links, container
        for a in links:
            label = a.find_next_sibling("span")
            assert label.get_text() == "(bezahlter Link)", container
            assert label["class"] == [
                "ad-label",
                "ad-label--inline",
                "ad-label--merchant",
            ]
    paragraph = soup.select_one(".rich-text p").get_text()
    assert (
        paragraph
        == "Ich nutze mein Kissen* (Affiliate-Link, öffnet in neuem Tab) (bezahlter Link) täglich."
    )
    # Boxes, tables and lists keep the site's own "Werbung" on the container.
    for container in soup.select(".product-box, .product-table, .product-list"):
        assert container.select_one(".ad-label__tag").get_text() == "Werbung"


@pytest.mark.parametrize("label", ["#Anzeige", "#VerdientProvisionen", "Werbung"])
def test_each_merchant_renders_its_own_wording(publish_article, render, label):
    link = AffiliateLinkFactory(merchant=MerchantFactory(link_label=label))
    page = publish_article(box(link.product))
    _r, soup = render(page.url)
    button = soup.select_one(".product-box a.affiliate-link")
    assert button.find_next_sibling("span").get_text() == label


def test_without_a_merchant_label_running_text_says_werbung_and_boxes_add_nothing(
    publish_article, render
):
    link = AffiliateLinkFactory(merchant=MerchantFactory(link_label=""))
    page = publish_article(
        box(link.product), text(f"<p>Siehe {product_link(link.product)}.</p>")
    )
    _r, soup = render(page.url)
    assert (
        soup.select_one(".rich-text a.affiliate-link")
        .find_next_sibling("span")
        .get_text()
        == "Werbung"
    )
    assert soup.select(".product-box .ad-label--inline") == []


@pytest.mark.parametrize("label", ["*", "🛒", "(*)", "1"])
def test_a_label_must_be_words_not_a_symbol(label):
    merchant = MerchantFactory.build(link_label=label)
    with pytest.raises(ValidationError) as error:
        merchant.full_clean()
    assert "link_label" in error.value.message_dict


def test_merchant_admin_offers_label_and_rating_settings(admin_client):
    merchant = MerchantFactory()
    html = admin_client.get(
        f"/admin/snippets/products/merchant/edit/{merchant.pk}/"
    ).content.decode()
    for label in (
        "Kennzeichnung neben jedem Link",
        "Bewertungen dieser Quelle anzeigen",
        "Hinweis zur Echtheit der Bewertungen",
    ):
        assert label in html

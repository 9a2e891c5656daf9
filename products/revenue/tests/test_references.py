"""What the merchant learns: per-click reference, per-page sub-ID, Amazon tag."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.factories import TopicFactory
from products.clicks.models import Click
from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory
from products.revenue.models import MerchantRevenue, Network, TrackingId
from products.revenue.references import REFERENCE_RE, parse_subid
from products.tests.conftest import box, product_link, product_list, table, text

pytestmark = pytest.mark.django_db

UA = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


def query(url):
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize(
    ("network", "parameter", "expected"),
    [
        (Network.AWIN, "", "clickref"),
        (Network.ADCELL, "", "subId"),
        (Network.OTHER, "sid", "sid"),
    ],
)
def test_each_redirect_click_carries_its_own_reference_to_the_merchant(
    client, network, parameter, expected
):
    link = AffiliateLinkFactory(url="https://shop.example/kissen?partner=bp")
    MerchantRevenue.objects.create(
        merchant=link.merchant, network=network, reference_parameter=parameter
    )
    first = client.get(f"/go/{link.slug}/?p=box", **UA)["Location"]
    second = client.get(f"/go/{link.slug}/?p=box", **UA)["Location"]

    references = [query(first)[expected][0], query(second)[expected][0]]
    assert references[0] != references[1]
    assert all(REFERENCE_RE.match(ref) for ref in references)
    assert query(first)["partner"] == ["bp"]
    stored = set(Click.objects.values_list("reference", flat=True))
    assert stored == set(references)


def test_the_subid_placeholder_receives_the_reference_without_a_page_query(
    client, publish_article
):
    page = publish_article()
    link = AffiliateLinkFactory(url="https://network.example/c?id=7&ref={subid}")
    # The day's salt, the settings snapshot, the connection's prepared statement.
    client.get(f"/go/{link.slug}/?from={page.pk}", **UA)
    with CaptureQueriesContext(connection) as queries:
        location = client.get(f"/go/{link.slug}/?from={page.pk}", **UA)["Location"]
    assert len(queries) == 1  # the link read and the click written together
    reference = query(location)["ref"][0]
    click = Click.objects.get(reference=reference)
    assert click.page_id == page.pk


def test_a_reference_tells_nothing_about_the_visitor(client):
    link = AffiliateLinkFactory()
    headers = {**UA, "REMOTE_ADDR": "203.0.113.7"}
    client.get(f"/go/{link.slug}/", **headers)
    client.get(f"/go/{link.slug}/", **headers)
    first, second = Click.objects.values_list("reference", "visitor_key")
    assert first[1] == second[1]  # same visitor, same day
    assert first[0] != second[0]


def test_direct_mode_href_carries_a_subid_per_page_and_placement(
    publish_article, render
):
    merchant = MerchantFactory(direct=True)
    MerchantRevenue.objects.create(merchant=merchant, network=Network.AWIN)
    link = AffiliateLinkFactory(merchant=merchant, url="https://shop.example/p?x=1")
    product = link.product
    page = publish_article(
        box(product), text(f"<p>Siehe {product_link(product, 'hier')}.</p>")
    )
    _response, soup = render(page.url)
    subids = {query(a["href"])["clickref"][0] for a in soup.select("a.affiliate-link")}
    assert subids == {f"p{page.pk}-box", f"p{page.pk}-text"}
    assert parse_subid(f"p{page.pk}-box") == (page.pk, "box")


def test_amazon_links_carry_the_tracking_id_of_their_article_or_topic(
    publish_article, render
):
    amazon = MerchantFactory(direct=True, name="Amazon")
    settings = MerchantRevenue.objects.create(
        merchant=amazon, network=Network.AMAZON, default_tracking_id="bp-default-21"
    )
    link = AffiliateLinkFactory(
        merchant=amazon, url="https://www.amazon.de/dp/B0TEST?tag=alt-21"
    )
    product = link.product
    blocks = (
        box(product),
        table(product, ProductFactory()),
        product_list(product.category),
        text(f"<p>Siehe {product_link(product, 'hier')}.</p>"),
    )
    topic = TopicFactory(name="Einlagen im Test")
    by_topic = publish_article(*blocks)
    by_topic.topics.add(topic)
    by_topic.save_revision().publish()
    single = publish_article(*blocks)
    unmapped = publish_article(*blocks)
    TrackingId.objects.create(
        settings=settings, tracking_id="bp-ruecken-21", topic_id=topic.pk
    )
    TrackingId.objects.create(
        settings=settings, tracking_id="bp-artikel-21", page=single
    )

    for page, expected in [
        (by_topic, "bp-ruecken-21"),
        (single, "bp-artikel-21"),
        (unmapped, "bp-default-21"),
    ]:
        _response, soup = render(page.url)
        links = soup.select("a.affiliate-link")
        placements = {query(a["ping"])["p"][0] for a in links}
        assert placements == {"box", "table", "list", "text"}
        assert {tuple(query(a["href"])["tag"]) for a in links} == {(expected,)}

"""An article as a reader sees it: structure, citations, byline, dates, markup."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from articles.factories import (
    ArticlePageFactory,
    PersonFactory,
    SourceFactory,
    TopicFactory,
    cite,
    heading,
    paragraph,
)
from articles.models import ArticlePage

pytestmark = pytest.mark.django_db

DEMO_ARTICLE = "/ratgeber/muskelverhaertung-unterer-ruecken-loesen/"


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_toc_entries_match_h2_headings_and_anchors_exist(client):
    html = soup(client, DEMO_ARTICLE)
    toc_links = html.select("nav.toc a")
    h2s = html.select(".article__body h2[id]")
    body_h2s = [h for h in h2s if not h["id"].startswith("faq-")]
    assert [a["href"] for a in toc_links] == [f"#{h['id']}" for h in body_h2s]
    assert [a.get_text() for a in toc_links] == [h.get_text() for h in body_h2s]
    assert len(toc_links) == 4
    for link in toc_links:
        assert html.find(id=link["href"][1:]) is not None


def test_toc_nests_h3_under_its_h2_and_leaves_out_h4(client):
    """The demo's training article has an H3 and an H4 under "Muskelkater im Rücken"."""
    html = soup(client, "/ratgeber/tiefe-rueckenmuskulatur-staerken/")
    top = [a.get_text() for a in html.select("nav.toc > ol > li > a")]
    nested = html.select("nav.toc > ol > li > ol > li > a")
    assert "Muskelkater im Rücken" in top
    assert [a.get_text() for a in nested] == ["Muskelkater oder Zerrung?"]
    parent = nested[0].find_parent("ol").find_parent("li").find("a")
    assert parent.get_text() == "Muskelkater im Rücken"
    h4 = html.select_one(".article__body h4")
    assert h4.get_text() == "Wann du pausieren solltest"
    assert h4["id"]
    toc_text = html.select_one("nav.toc").get_text()
    assert "Wann du pausieren solltest" not in toc_text
    assert html.find(id=nested[0]["href"][1:]).name == "h3"


def test_one_note_citing_two_sources_lists_both_under_one_number(client):
    first, second = SourceFactory(), SourceFactory()
    both = f'<a linktype="citation" id="{first.pk},{second.pk}">†</a>'
    page = publish(ArticlePageFactory(body=[paragraph(f"<p>Belegt{both}.</p>")]))
    html = soup(client, page.url)
    assert [a.get_text() for a in html.select("sup.cite a")] == ["[1]"]
    references = html.select(".references > ol > li")
    assert len(references) == 1
    assert references[0]["id"] == "quelle-1"
    listed = [span.get_text() for span in references[0].select(".reference")]
    assert len(listed) == 2
    assert first.title in listed[0]
    assert second.title in listed[1]


def test_citations_are_numbered_by_first_use_and_deduplicated(client):
    first, second = SourceFactory(), SourceFactory()
    page = publish(
        ArticlePageFactory(
            body=[
                paragraph(f"<p>Eins{cite(second)} zwei{cite(first)}.</p>"),
                paragraph(f"<p>Wieder eins{cite(second)}.</p>"),
            ]
        )
    )
    html = soup(client, page.url)
    numbers = [a.get_text() for a in html.select("sup.cite a")]
    assert numbers == ["[1]", "[2]", "[1]"]
    references = html.select(".references li")
    assert [li["id"] for li in references] == ["quelle-1", "quelle-2"]
    assert second.title in references[0].get_text()
    assert first.title in references[1].get_text()
    # Every citation links to its entry, every back link to a citation.
    for citation in html.select("sup.cite a"):
        assert html.find(id=citation["href"][1:]) is not None
    backrefs = html.select(".references a.backref")
    assert [a["href"] for a in backrefs] == ["#zitat-1-1", "#zitat-1-2", "#zitat-2-1"]
    for backref in backrefs:
        assert html.find(id=backref["href"][1:]) is not None


def test_reference_list_shows_authors_year_url_and_access_date(client):
    source = SourceFactory(accessed=datetime.date(2025, 6, 4))
    page = publish(ArticlePageFactory(body=[paragraph(f"<p>Satz{cite(source)}.</p>")]))
    text = soup(client, page.url).select_one(".references li").get_text(" ")
    assert "Muster A, Beispiel B (2024)" in text
    assert source.url in text
    assert "abgerufen am 4. Juni 2025" in text


def test_reading_time_follows_word_count(client):
    words = " ".join(["Wort"] * 1000)  # 1000 words at 200 per minute
    page = publish(ArticlePageFactory(body=[paragraph(f"<p>{words}</p>")]))
    assert page.reading_minutes == 5
    assert "5 Minuten Lesedauer" in soup(client, page.url).select_one(".byline").text


def test_byline_shows_author_reviewer_and_german_dates(client):
    reviewer = PersonFactory(name="Markus Beispiel", profession="Physiotherapeut")
    page = publish(
        ArticlePageFactory(
            reviewer=reviewer,
            reviewed_at=datetime.date(2025, 12, 8),
            last_updated=datetime.date(2026, 1, 2),
        )
    )
    ArticlePage.objects.filter(pk=page.pk).update(
        first_published_at=timezone.make_aware(datetime.datetime(2025, 11, 3, 10))
    )
    byline = " ".join(soup(client, page.url).select_one(".byline").get_text().split())
    assert f"Von {page.author.name}" in byline
    assert (
        "Fachlich geprüft von: Markus Beispiel (Physiotherapeut) am 8. Dezember 2025"
        in byline
    )
    assert "Veröffentlicht am 3. November 2025" in byline
    assert "Letzte Aktualisierung: 2. Januar 2026" in byline


def test_original_publication_date_shows_in_byline_and_json_ld(client):
    """A migrated article keeps the date it first appeared elsewhere."""
    page = publish(ArticlePageFactory(original_published_on=datetime.date(2019, 3, 4)))
    html = soup(client, page.url)
    byline = " ".join(html.select_one(".byline").get_text().split())
    assert "Veröffentlicht am 4. März 2019" in byline
    assert html.select_one(".byline time")["datetime"] == "2019-03-04"
    data = json.loads(html.select_one('script[type="application/ld+json"]').string)
    article = next(node for node in data["@graph"] if node["@type"] == "Article")
    assert article["datePublished"] == "2019-03-04"


def test_reading_time_of_one_minute_is_singular(client):
    page = publish(ArticlePageFactory(body=[paragraph("<p>Kurz.</p>")]))
    assert "1 Minute Lesedauer" in soup(client, page.url).select_one(".byline").text


def test_last_update_defaults_to_last_publish(client):
    page = publish(ArticlePageFactory())
    expected = timezone.localtime(page.last_published_at).date()
    assert page.updated_on == expected


def test_every_article_shows_the_medical_disclaimer(client):
    for article in ArticlePage.objects.live():
        text = soup(client, article.url).select_one(".disclaimer").get_text()
        assert "ersetzt keine ärztliche Diagnose oder Behandlung" in text


def test_related_articles_exclude_self_and_drafts(client):
    topic = TopicFactory()
    page = publish(ArticlePageFactory())
    page.topics.set([topic])
    publish(page)
    sibling = publish(ArticlePageFactory(title="Veröffentlichter Nachbar"))
    sibling.topics.set([topic])
    publish(sibling)
    draft = ArticlePageFactory(title="Entwurf zum Thema", live=False)
    draft.topics.set([topic])
    draft.save_revision()
    page.related_links.create(article=page)  # editor mistakenly picks itself
    page.related_links.create(article=draft)
    html = soup(client, page.url)
    titles = [a.get_text() for a in html.select(".related .teaser__title a")]
    assert titles == ["Veröffentlichter Nachbar"]


def test_json_ld_has_article_medical_webpage_and_breadcrumbs(client):
    html = soup(client, DEMO_ARTICLE)
    data = json.loads(html.select_one('script[type="application/ld+json"]').string)
    nodes = {node["@type"]: node for node in data["@graph"]}
    assert {"MedicalWebPage", "Article", "BreadcrumbList", "FAQPage"} <= set(nodes)
    article = nodes["Article"]
    assert article["headline"] == html.h1.get_text()
    assert re.match(r"\d{4}-\d{2}-\d{2}T", article["datePublished"])
    assert article["author"][0]["@type"] == "Person"
    assert article["author"][0]["url"].endswith("/autoren/lena-hoffmann/")
    assert article["image"][0].startswith("http://testserver/")
    page = ArticlePage.objects.get(slug="muskelverhaertung-unterer-ruecken-loesen")
    webpage = nodes["MedicalWebPage"]
    assert webpage["reviewedBy"]["name"] == page.reviewer.name
    assert webpage["lastReviewed"] == page.reviewed_at.isoformat()
    crumbs = [item["name"] for item in nodes["BreadcrumbList"]["itemListElement"]]
    visible = [li.get_text(strip=True) for li in html.select(".breadcrumbs li")]
    assert crumbs == visible
    questions = [q["name"] for q in nodes["FAQPage"]["mainEntity"]]
    assert questions == [dt.get_text() for dt in html.select(".faq dt")]
    assert "HowTo" not in json.dumps(data)


def test_home_page_carries_organization_markup(client):
    data = json.loads(
        soup(client, "/").select_one('script[type="application/ld+json"]').string
    )
    assert "Organization" in [node["@type"] for node in data["@graph"]]


def test_article_has_one_h1_and_alt_text_on_every_image(client):
    html = soup(client, DEMO_ARTICLE)
    assert len(html.find_all("h1")) == 1
    assert html.find("main") and html.find("header") and html.find("footer")
    for img in html.find_all("img"):
        assert img.has_attr("alt")
        assert img.has_attr("width") and img.has_attr("height")
    picture_sources = html.select("figure.figure--hero picture source")
    assert {s["type"] for s in picture_sources} == {"image/avif", "image/webp"}


def test_unknown_topic_and_bad_page_number_are_404(client):
    assert client.get("/ratgeber/thema/gibt-es-nicht/").status_code == 404
    assert client.get("/ratgeber/?seite=abc").status_code == 404
    assert client.get("/ratgeber/?seite=999").status_code == 404


def test_topic_listing_filters_and_shows_teasers(client):
    html = soup(client, "/ratgeber/thema/rueckentraining/")
    titles = [a.get_text() for a in html.select(".teaser__title a")]
    expected = ArticlePage.objects.live().filter(topics__slug="rueckentraining")
    assert sorted(titles) == sorted(a.title for a in expected)
    assert all("Lesedauer" in t.text for t in html.select(".teaser__meta"))


def test_listing_is_newest_first(client):
    from articles import models

    html = soup(client, "/ratgeber/")
    titles = [a.get_text() for a in html.select(".teaser__title a")]
    newest_first = ArticlePage.objects.live().order_by("-first_published_at")
    assert titles == [a.title for a in newest_first][: models.ARTICLES_PER_PAGE]


def test_query_count_does_not_grow_with_blocks(client, django_assert_num_queries):
    image = Image.objects.first()
    sources = [SourceFactory() for _ in range(15)]

    def body(n):
        blocks = []
        for i in range(n):
            blocks.append(heading(f"Abschnitt {i}"))
            blocks.append(paragraph(f"<p>Text {i}{cite(sources[i % 15])}.</p>"))
            blocks.append(
                (
                    "image",
                    {"image": image, "alt_text": "Bild", "caption": "", "credit": ""},
                )
            )
        return blocks

    small = publish(ArticlePageFactory(body=body(2)))
    large = publish(ArticlePageFactory(body=body(20)))
    client.get(small.url)  # warm renditions and caches for both
    client.get(large.url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.url)
    with CaptureQueriesContext(connection) as large_queries:
        client.get(large.url)
    assert len(large_queries) == len(small_queries)


def test_tag_links_lead_to_tag_listings_even_with_umlauts(client):
    html = soup(client, DEMO_ARTICLE)
    links = {a.get_text(): a["href"] for a in html.select(".article__tags a")}
    assert links["Wärme"] == "/ratgeber/schlagwort/wärme/"
    listing = soup(client, links["Wärme"])
    assert listing.h1.get_text() == "Schlagwort: Wärme"
    titles = [a.get_text() for a in listing.select(".teaser__title a")]
    assert ArticlePage.objects.get(slug=DEMO_ARTICLE.split("/")[2]).title in titles
    assert client.get("/ratgeber/schlagwort/gibt-es-nicht/").status_code == 404


def add_feed_offers(products, scale: int) -> None:
    """A second shop per product whose offer comes from a data source (one
    source per product: sources and their merchants grow with the article)."""
    from decimal import Decimal

    from django.utils import timezone

    from products.factories import AffiliateLinkFactory, MerchantFactory
    from products.offers.models import DataSource, Offer, SourceKind

    for number, product in enumerate(products):
        shop = MerchantFactory(max_data_age_hours=48)
        source = DataSource.objects.create(
            name=f"Feed {scale}-{number}",
            merchant=shop,
            kind=SourceKind.GOOGLE_MERCHANT_FEED,
            feed_url="https://shop.example/feed.xml",
            max_age_hours=24,
        )
        link = AffiliateLinkFactory(
            product=product, merchant=shop, price=None, price_checked_at=None
        )
        Offer.objects.create(
            link=link,
            source=source,
            price=Decimal("19.90") + number,
            availability="in_stock",
            shipping_note="Versandkostenfrei",
            observed_at=timezone.now(),
        )


def full_article(scale: int, *, feeds: bool = False):
    """The benchmark article's shape, `scale` times: boxes, a comparison table,
    cited paragraphs, images, an FAQ; byline with photo, reviewer, related.
    feeds=True: each product also has a feed-source offer, and the article
    a price comparison per scale."""
    from products.factories import AffiliateLinkFactory

    image = Image.objects.first()
    products = [AffiliateLinkFactory().product for _ in range(6 * scale)]
    sources = [SourceFactory() for _ in range(15 * scale)]
    body = []
    if feeds:
        add_feed_offers(products, scale)
        for product in products[:scale]:
            body.append(
                ("price_comparison", {"product": product, "title": "Preisvergleich"})
            )
    for number, source in enumerate(sources):
        body.append(heading(f"Abschnitt {number}"))
        body.append(paragraph(f"<p>Text {number}{cite(source)}.</p>"))
    for product in products:
        body.append(("product_box", {"product": product, "title": "Tipp", "intro": ""}))
    body.append(("comparison_table", {"title": "Vergleich", "products": products[:4]}))
    body.append(
        ("image", {"image": image, "alt_text": "Bild", "caption": "", "credit": ""})
    )
    faq = {"question": "Wie oft?", "answer": RichText("<p>Täglich.</p>")}
    body.append(("faq", {"title": "Häufige Fragen", "items": [faq] * 3 * scale}))
    author = PersonFactory(photo=image)
    page = ArticlePageFactory(
        body=body, author=author, reviewer=PersonFactory(), hero_image=image
    )
    for related in ArticlePage.objects.live().exclude(pk=page.pk)[:6]:
        page.related_links.create(article=related)
    return publish(page)


def test_a_full_article_needs_a_fixed_number_of_queries_cold(client):
    """With an empty cache: the benchmark article's 15 (bench/README.md names
    each) plus two for the image block; the same however much it holds."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for page in (full_article(1), full_article(2)):
        client.get(page.url)  # renditions made once, as on a running server
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200
        assert response.content.count(b'<div class="product-box">') >= 6
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 17, counts


def test_feed_offers_and_price_comparisons_cost_no_extra_query(client):
    """The same article with a feed-source offer beside every manual one and
    price comparisons: no more queries than with manual offers alone, however
    many sources it shows (sources and merchants load with the offers)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for feeds in (False, True):
        for scale in (1, 2):
            page = full_article(scale, feeds=feeds)
            client.get(page.url)  # renditions made once, as on a running server
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.url)
            assert response.status_code == 200
            if feeds:
                from bs4 import BeautifulSoup

                html = BeautifulSoup(response.content, "html.parser")
                blocks = html.select(".price-comparison")
                assert len(blocks) == scale
                # The manual shop and the feed's shop, each with its link.
                assert len(blocks[0].select("a[href^='/go/']")) == 2
                assert "19,90" in blocks[0].get_text()
            counts[feeds, scale] = len(queries)
    assert len(set(counts.values())) == 1, counts
    assert counts[True, 2] <= 17, counts

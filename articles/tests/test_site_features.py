"""Feedback, author pages, search, feeds, sitemap and robots.txt."""

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from wagtail.test.utils import WagtailPageTestCase

from articles.factories import ArticlePageFactory
from articles.models import ArticleFeedback, ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db

SLUG = "muskelverhaertung-unterer-ruecken-loesen"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Votes are remembered per visitor and day in the cache; start afresh."""
    cache.clear()
    yield
    cache.clear()


def article():
    return ArticlePage.objects.get(slug=SLUG)


def vote(client, page, value="ja", **headers):
    headers.setdefault("HTTP_ORIGIN", "http://testserver")
    return client.post(f"/artikel-feedback/{page.pk}/", {"vote": value}, **headers)


def test_feedback_counts_votes_once_per_visitor():
    page = article()
    reader = Client()
    other_reader = Client(REMOTE_ADDR="198.51.100.7")
    response = vote(reader, page)
    assert response.status_code == 302
    assert response["Location"].endswith("?feedback=danke#feedback")
    vote(reader, page)  # the same visitor again: not counted twice
    vote(other_reader, page, "nein")
    feedback = ArticleFeedback.objects.get(page=page)
    assert (feedback.helpful, feedback.not_helpful) == (1, 1)
    thanks = reader.get(response["Location"].split("#")[0])
    soup = BeautifulSoup(thanks.content, "html.parser")
    assert soup.select_one("#feedback [role=status]").text == "Danke für dein Feedback!"
    assert not soup.select(".messages")  # not at the top, where no one looks


def test_feedback_from_script_gets_json_and_the_page_stays_the_same():
    page = article()
    response = vote(Client(), page, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"message": "Danke für dein Feedback!"}
    assert ArticleFeedback.objects.get(page=page).helpful == 1
    html = Client().get(page.url).content.decode()
    assert "data-feedback-status></p>" in html
    assert "js/feedback.js" in html


def test_feedback_rejects_get_other_sites_and_bad_values():
    page = article()
    assert Client().get(f"/artikel-feedback/{page.pk}/").status_code == 405
    cross_site = vote(Client(), page, HTTP_ORIGIN="https://evil.example")
    assert cross_site.status_code == 403
    assert "nur über die Seiten von Backportal" in cross_site.content.decode()
    assert (
        vote(
            Client(),
            page,
            HTTP_ORIGIN="http://testserver",
            HTTP_SEC_FETCH_SITE="cross-site",
        ).status_code
        == 403
    )
    assert vote(Client(), page, HTTP_ORIGIN="null").status_code == 403
    assert vote(Client(), page, HTTP_ORIGIN="https://testserver").status_code == 403
    invalid = vote(Client(), page, "vielleicht")
    assert invalid.status_code == 302
    assert "Bitte wähle" in Client().get(invalid["Location"]).content.decode()
    missing = Client().post(
        "/artikel-feedback/999999/", {"vote": "ja"}, HTTP_ORIGIN="http://testserver"
    )
    assert missing.status_code == 404
    assert not ArticleFeedback.objects.filter(helpful__gt=0).exists()


def test_feedback_accepts_the_trusted_origins_of_the_site(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.backportal.example"]
    origin = {"HTTP_ORIGIN": "https://www.backportal.example"}
    assert vote(Client(), article(), **origin).status_code == 302
    assert ArticleFeedback.objects.get(page=article()).helpful == 1


def test_feedback_needs_no_per_reader_token_so_every_reader_gets_the_same_page():
    reader = Client(enforce_csrf_checks=True)
    response = reader.get(article().url)
    assert not response.cookies  # no CSRF cookie for merely reading
    form = BeautifulSoup(response.content, "html.parser").select_one("#feedback form")
    assert form["method"] == "post"
    assert not form.select_one('input[name="csrfmiddlewaretoken"]')
    voted = vote(
        reader,
        article(),
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert voted.status_code == 302
    assert ArticleFeedback.objects.get(page=article()).helpful == 1


def test_feedback_report_shows_counts_to_editors(admin_client):
    vote(Client(), article())
    html = admin_client.get("/admin/reports/leser-feedback/").content.decode()
    assert article().title in html


def test_author_page_lists_articles_and_profile_markup(client):
    response = client.get("/autoren/lena-hoffmann/")
    html = BeautifulSoup(response.content, "html.parser")
    assert html.h1.get_text() == "Lena Hoffmann"
    titles = {a.get_text() for a in html.select(".teaser__title a")}
    assert article().title in titles
    data = json.loads(html.select_one('script[type="application/ld+json"]').string)
    node = data["@graph"][0]
    assert node["@type"] == "ProfilePage"
    assert node["mainEntity"]["@type"] == "Person"
    assert node["mainEntity"]["name"] == "Lena Hoffmann"


def test_byline_links_to_author_pages(client):
    html = BeautifulSoup(client.get(article().url).content, "html.parser")
    links = [a["href"] for a in html.select(".byline a")]
    assert links == ["/autoren/lena-hoffmann/", "/autoren/dr-markus-wendt/"]
    assert client.get("/autoren/gibt-es-nicht/").status_code == 404


def test_search_states(client):
    empty = client.get("/suche/").content.decode()
    assert "Gib einen Suchbegriff ein" in empty
    none = client.get("/suche/?q=Xylophonorchester").content.decode()
    assert "Keine Treffer für „Xylophonorchester“" in none
    hostile = client.get("/suche/?q=<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in hostile
    assert client.get("/suche/?q=Rücken&seite=999").status_code == 404


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming needs PostgreSQL"
)
def test_search_finds_stemmed_german_word(client):
    assert article().title in search_titles(client, "Muskelverhärtungen")
    assert any("Rückenkrämpfe" in title for title in search_titles(client, "Krämpfe"))


def search_titles(client, query) -> list[str]:
    html = client.get("/suche/", {"q": query}).content
    soup = BeautifulSoup(html, "html.parser")
    return [h3.get_text() for h3 in soup.select(".search-result__title")]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming needs PostgreSQL"
)
def test_search_lists_articles_with_teasers_then_products_and_marks_the_term(client):
    soup = BeautifulSoup(
        client.get("/suche/", {"q": "Muskelverhärtung"}).content, "html.parser"
    )
    articles = soup.select("#search-artikel ~ .search-results .search-result")
    assert articles[0].select_one("h3").get_text() == article().title
    assert articles[0].select_one(".search-result__teaser").get_text().strip()
    assert "Muskelverhärtung" in [mark.get_text() for mark in soup.select("mark")]
    headings = [h2.get_text(" ", strip=True) for h2 in soup.select("main h2")]
    assert headings[0].startswith("Artikel:")
    html = client.get("/suche/", {"q": "Massagekissen"}).content
    products = BeautifulSoup(html, "html.parser").select(".search-product h3")
    assert any("Massagekissen" in product.get_text() for product in products)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming needs PostgreSQL"
)
def test_search_finds_a_product_by_what_its_verdict_says(client):
    """The Shiatsu cushion's verdict names Muskelverhärtungen; its name and
    short description do not."""
    html = client.get("/suche/", {"q": "Muskelverhärtung"}).content
    products = BeautifulSoup(html, "html.parser").select(".search-product h3")
    names = [product.get_text(strip=True) for product in products]
    assert "Wärmewerk Shiatsu-Massagekissen Komfort" in names


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming needs PostgreSQL"
)
def test_load_demo_leaves_a_search_index_that_needs_no_worker(client, settings):
    """With the database task backend every save only queues its index update;
    load_demo's last step builds the index, so a fresh demo finds at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    fresh = ArticlePageFactory(title="Zwerchfellatmung gegen Stress")
    fresh.save_revision().publish()
    assert fresh.title not in search_titles(client, "Zwerchfellatmung")
    call_command("load_demo", stdout=io.StringIO())
    assert fresh.title in search_titles(client, "Zwerchfellatmung")


def test_search_never_lists_the_home_or_legal_pages(client):
    for query in ("Rücken", "Impressum", "Datenschutz"):
        titles = search_titles(client, query)
        assert not {"Gesunder Rücken", "Impressum", "Datenschutz"} & set(titles)


def test_search_finds_demo_article(client):
    assert article().title in search_titles(client, "Muskelverhärtung")


def test_feeds_and_sitemap_list_published_articles_only(client):
    draft = ArticlePageFactory(title="Geheimer Entwurf", live=False)
    draft.save_revision()
    rss = client.get("/feed/")
    assert rss.status_code == 200
    items = ET.fromstring(rss.content).findall("./channel/item/title")
    titles = {item.text for item in items}
    assert titles == set(ArticlePage.objects.live().values_list("title", flat=True))
    atom = client.get("/feed/atom/").content.decode()
    assert article().title in atom and "Geheimer Entwurf" not in atom
    sitemap = client.get("/sitemap.xml").content.decode()
    assert article().full_url in sitemap
    assert draft.slug not in sitemap
    assert "/autoren/lena-hoffmann/" in sitemap
    assert "/ratgeber/thema/rueckentraining/" in sitemap


def test_robots_txt_disallows_admin_and_go(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /go/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


class TestEditorCanCreateArticles(WagtailPageTestCase):
    """An editor can create an article under the listing through the admin."""

    def test_article_allowed_only_under_listing(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})

    def test_article_edit_view_renders(self):
        from django.contrib.auth import get_user_model

        self.client.force_login(get_user_model().objects.get(username="admin"))
        response = self.client.get(f"/admin/pages/{article().pk}/edit/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "citation-entity.js")


def test_admin_names_keys_as_german_keyboards_do(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "<kbd>Strg + s</kbd>" in html
    assert "Ctrl" not in html


def test_home_page_addresses_readers_as_du_like_the_articles(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    text = soup.select_one(".hero").get_text()
    assert "was du selbst tun kannst" in text
    assert not re.search(r"\b(Sie|Ihnen|Ihr)\b", text)

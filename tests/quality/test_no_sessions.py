"""Reading, voting, searching and clicking create no session and set no cookie."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

from articles.models import ArticlePage
from products.models import AffiliateLink

from .pages import ARTICLE, PUBLIC_PAGES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("site_page", PUBLIC_PAGES, ids=lambda p: p.name)
def test_no_public_page_creates_a_session(site_page):
    before = Session.objects.count()
    response = Client().get(site_page.path)
    assert response.status_code == site_page.status
    assert not response.cookies
    assert Session.objects.count() == before


def test_no_public_endpoint_creates_a_session():
    before = Session.objects.count()
    article = ArticlePage.objects.get(url_path__endswith=ARTICLE)
    link = AffiliateLink.objects.filter(is_active=True).first()
    same_origin = {"HTTP_ORIGIN": "http://testserver"}
    client = Client()
    responses = [
        client.post(f"/artikel-feedback/{article.pk}/", {"vote": "ja"}, **same_origin),
        client.post(f"/artikel-feedback/{article.pk}/", {"vote": "?"}, **same_origin),
        client.get(f"{ARTICLE}?feedback=danke"),
        client.get(f"/go/{link.slug}/"),
        client.post(f"/click/?link={link.slug}", **same_origin),
        client.post("/csp-report/", b"{}", content_type="application/csp-report"),
        client.get("/feed/"),
        client.get("/sitemap.xml"),
        client.get("/robots.txt"),
    ]
    for response in responses:
        assert response.status_code < 500
        assert not response.cookies, response.cookies
    assert Session.objects.count() == before

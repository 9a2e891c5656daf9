"""Abuse guards of the public endpoints: same-origin proof, one vote per visitor,
no session for voting, rate limits that fail open (backportal/core/guards.py)."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

from articles.models import ArticleFeedback, ArticlePage
from products.clicks.models import Click
from products.clicks.services import forget_salts
from products.models import AffiliateLink, LinkMode

pytestmark = pytest.mark.django_db

SLUG = "muskelverhaertung-unterer-ruecken-loesen"
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    forget_salts()
    yield
    cache.clear()
    forget_salts()


@pytest.fixture
def article():
    return ArticlePage.objects.get(slug=SLUG)


def helpful(article) -> int:
    row = ArticleFeedback.objects.filter(page=article).first()
    return row.helpful if row else 0


def test_a_thousand_cookieless_votes_add_one_and_create_no_session(article, settings):
    settings.RATE_LIMITS = {}  # the per-visitor rule alone, not the rate limit
    before, sessions = helpful(article), Session.objects.count()
    for _ in range(1000):
        response = Client().post(
            f"/artikel-feedback/{article.pk}/", {"vote": "ja"}, **SAME_ORIGIN
        )
        assert response.status_code == 302
        assert not response.cookies
    assert helpful(article) == before + 1
    assert Session.objects.count() == sessions


def test_a_thousand_votes_without_origin_add_nothing(article, settings):
    settings.RATE_LIMITS = {}
    before, sessions = helpful(article), Session.objects.count()
    client = Client()
    for _ in range(1000):
        response = client.post(f"/artikel-feedback/{article.pk}/", {"vote": "ja"})
        assert response.status_code == 403
        assert not response.cookies
    assert helpful(article) == before
    assert Session.objects.count() == sessions


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin"},  # a browser that sends no Origin
        {"HTTP_ORIGIN": "http://testserver"},  # a browser without Sec-Fetch-*
        SAME_ORIGIN,
    ],
)
def test_either_origin_header_is_proof_enough(article, headers):
    response = Client().post(
        f"/artikel-feedback/{article.pk}/", {"vote": "ja"}, **headers
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "cross-site"},
    ],
)
def test_votes_without_proof_of_this_site_are_refused(article, headers):
    response = Client().post(
        f"/artikel-feedback/{article.pk}/", {"vote": "ja"}, **headers
    )
    assert response.status_code == 403
    assert (
        helpful(article) == 0
        or not ArticleFeedback.objects.filter(page=article, helpful__gt=0).exists()
    )


def test_different_visitors_each_count_once_per_day(article, settings):
    settings.RATE_LIMITS = {}
    before = helpful(article)
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.1"):
        Client(REMOTE_ADDR=address).post(
            f"/artikel-feedback/{article.pk}/", {"vote": "ja"}, **SAME_ORIGIN
        )
    assert helpful(article) == before + 2


def test_the_vote_is_rate_limited_per_address(article, settings):
    settings.RATE_LIMITS = {"articles:feedback": (5, 60)}
    statuses = [
        Client()
        .post(f"/artikel-feedback/{article.pk}/", {"vote": "ja"}, **SAME_ORIGIN)
        .status_code
        for _ in range(8)
    ]
    assert statuses == [302] * 5 + [429] * 3
    other = Client(REMOTE_ADDR="198.51.100.9").post(
        f"/artikel-feedback/{article.pk}/", {"vote": "ja"}, **SAME_ORIGIN
    )
    assert other.status_code == 302


def test_search_is_rate_limited_with_a_german_answer(client, settings):
    settings.RATE_LIMITS = {"search": (3, 60)}
    responses = [client.get("/suche/", {"q": "Rücken"}) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert "Zu viele Anfragen" in responses[-1].content.decode()
    assert responses[-1]["Retry-After"] == "60"
    assert responses[-1]["Cache-Control"] == "no-store"


def test_go_is_never_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (1, 60)}
    link = AffiliateLink.objects.filter(is_active=True).first()
    assert all(client.get(f"/go/{link.slug}/").status_code == 302 for _ in range(30))


def test_limits_and_votes_fail_open_when_the_cache_is_down(article, settings):
    settings.RATE_LIMITS = {"articles:feedback": (1, 60), "search": (1, 60)}
    # Nothing listens on port 1; as in production, django-redis turns the
    # failures into misses (the site itself then renders uncached).
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25},
        }
    }
    before = helpful(article)
    for _ in range(3):
        response = Client().post(
            f"/artikel-feedback/{article.pk}/", {"vote": "ja"}, **SAME_ORIGIN
        )
        assert response.status_code == 302
    assert helpful(article) == before + 3  # counted, not lost
    assert all(
        Client().get("/suche/", {"q": "Rücken"}).status_code == 200 for _ in range(3)
    )


@pytest.fixture
def direct_link():
    link = AffiliateLink.objects.filter(
        merchant__link_mode=LinkMode.DIRECT, is_active=True
    ).first()
    if link is None:
        link = AffiliateLink.objects.filter(is_active=True).first()
        link.merchant.link_mode = LinkMode.DIRECT
        link.merchant.save()
    return link


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_PING_FROM": "http://testserver/ratgeber/"},
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
    ],
)
def test_the_click_endpoint_counts_pings_and_beacons_from_this_site(
    client, direct_link, headers
):
    before = Click.objects.filter(link=direct_link).count()
    response = client.post(f"/click/?link={direct_link.slug}", **headers)
    assert response.status_code == 204
    assert Click.objects.filter(link=direct_link).count() == before + 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_PING_FROM": "http://evil.example/ratgeber/"},
        {"HTTP_PING_FROM": "javascript:alert(1)"},
        {"HTTP_PING_FROM": "http://[::1"},
        {"HTTP_ORIGIN": "http://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_PING_FROM": "http://evil.example/"},
    ],
)
def test_the_click_endpoint_refuses_what_no_page_here_sent(
    client, direct_link, headers
):
    before = Click.objects.filter(link=direct_link).count()
    response = client.post(f"/click/?link={direct_link.slug}", **headers)
    assert response.status_code == 403
    assert Click.objects.filter(link=direct_link).count() == before


def test_the_click_endpoint_is_rate_limited(client, direct_link, settings):
    settings.RATE_LIMITS = {"products:click": (2, 60)}
    statuses = [
        client.post(
            f"/click/?link={direct_link.slug}", HTTP_ORIGIN="http://testserver"
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [204, 204, 429]

"""Security headers on every page type: CSP (enforced on the site, report-only in
the admin), Permissions-Policy, no inline code on public pages, and the CSP
report endpoint (backportal/core/security.py)."""

import json
import logging

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client

from .pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
CSP_RO = "Content-Security-Policy-Report-Only"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_public_headers(response):
    policy = directives(response[CSP])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response[CSP]
    assert "nonce-" not in response[CSP]
    assert policy["report-uri"] == ["/csp-report/"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def assert_no_inline_code(html: str):
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json", script
    assert not soup.find_all("style")
    for tag in soup.find_all(True):
        assert "style" not in tag.attrs, tag
        assert not [name for name in tag.attrs if name.startswith("on")], tag
        assert not str(tag.get("href", "")).startswith("javascript:"), tag


@pytest.mark.parametrize("site_page", PUBLIC_PAGES, ids=lambda p: p.name)
def test_every_public_page_has_the_headers_and_no_inline_code(site_page):
    response = Client().get(site_page.path)
    assert response.status_code == site_page.status
    assert_public_headers(response)
    assert CSP_RO not in response
    assert_no_inline_code(response.content.decode())


@pytest.mark.parametrize("site_page", PUBLIC_PAGES, ids=lambda p: p.name)
def test_editors_see_public_pages_under_the_same_policy(admin_client, site_page):
    response = admin_client.get(site_page.path)
    assert response.status_code == site_page.status
    assert_public_headers(response)


def test_a_page_from_the_page_cache_carries_the_headers(settings):
    settings.PAGE_CACHE_SECONDS = 60
    Client().get("/")
    cached = Client().get("/")
    assert cached.get("X-Page-Cache") == "hit"
    assert_public_headers(cached)


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("get", "/feed/", 200),
        ("get", "/robots.txt", 200),
        ("get", "/sitemap.xml", 200),
        ("post", "/artikel-feedback/999999999/", 403),
        ("post", "/click/?link=gibt-es-nicht", 403),
        ("post", "/csp-report/", 204),
    ],
)
def test_endpoints_carry_the_headers(method, path, status):
    response = getattr(Client(), method)(path)
    assert response.status_code == status
    assert_public_headers(response)


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/pages/", "/admin/snippets/products/product/"]
)
def test_the_admin_policy_is_report_only(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    assert CSP not in response
    assert directives(response[CSP_RO])["report-uri"] == ["/csp-report/"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_login_page_is_report_only_too():
    response = Client().get("/admin/login/")
    assert CSP not in response
    assert CSP_RO in response


def test_csp_reports_are_logged_without_personal_data(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "http://testserver/ratgeber/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "inline",
            "line-number": 12,
        }
    }
    with caplog.at_level(logging.WARNING, logger="backportal.csp"):
        response = client.post(
            "/csp-report/",
            json.dumps(report),
            content_type="application/csp-report",
            HTTP_USER_AGENT="Secret-Agent/1.0",
            REMOTE_ADDR="192.0.2.44",
        )
    assert response.status_code == 204
    assert "script-src-elem" in caplog.text
    assert "/ratgeber/" in caplog.text
    assert "192.0.2.44" not in caplog.text
    assert "Secret-Agent" not in caplog.text


def test_report_to_bodies_are_logged_too(client, caplog):
    reports = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "http://testserver/admin/",
                "effectiveDirective": "style-src-attr",
                "blockedURL": "inline",
                "disposition": "report",
            },
        }
    ]
    with caplog.at_level(logging.WARNING, logger="backportal.csp"):
        client.post(
            "/csp-report/", json.dumps(reports), content_type="application/reports+json"
        )
    assert "style-src-attr" in caplog.text


@pytest.mark.parametrize(
    "body", [b"", b"{", b"[1, 2]", b'{"csp-report": 5}', b"x" * 100_000, b"\xff\xfe"]
)
def test_the_report_endpoint_takes_any_body(client, body):
    response = client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 204


def test_the_report_endpoint_is_rate_limited(client, settings, caplog):
    settings.RATE_LIMITS = {"csp_report": (3, 60)}
    statuses = [
        client.post(
            "/csp-report/", b"{}", content_type="application/csp-report"
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [204, 204, 204, 429, 429]


def test_the_report_endpoint_takes_only_posts(client):
    assert client.get("/csp-report/").status_code == 405

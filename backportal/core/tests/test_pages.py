"""The site-wide pages as a reader and an editor meet them."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_german(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "<h1>Gesunder Rücken</h1>" in html
    assert "Rückenschmerzen betreffen fast jeden" in html
    assert 'href="#main">Zum Inhalt springen</a>' in html


@pytest.mark.parametrize(
    ("path", "heading", "text"),
    [
        ("/impressum/", "Impressum", "Angaben gemäß § 5 DDG"),
        ("/datenschutz/", "Datenschutz", "keine Tracking-Cookies"),
    ],
)
def test_legal_pages_render(client, path, heading, text):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert text in html


@pytest.mark.parametrize(
    "path", ["/", "/impressum/", "/datenschutz/", "/gibt-es-nicht/"]
)
def test_every_page_links_imprint_and_privacy_in_footer(client, path):
    html = client.get(path).content.decode()
    assert '<a href="/impressum/">Impressum</a>' in html
    assert '<a href="/datenschutz/">Datenschutz</a>' in html


def test_unknown_path_gets_the_designed_404_page(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Diese Seite gibt es leider nicht" in html
    assert 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_500_page_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Da ist etwas schiefgelaufen" in html
    assert 'href="#main">Zum Inhalt springen</a>' in html


def test_admin_login_page_is_german(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Anmelden" in response.content.decode()


def test_admin_login_works_with_the_printed_demo_credentials(client):
    assert client.login(username="admin", password="backportal-demo")
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="de"' in html
    assert "Abmelden" in html


def test_public_responses_carry_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"

"""The 500 and 503 pages render without the database, in the site's design."""

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.template import loader
from django.test import RequestFactory

from backportal.core.middleware import DatabaseUnavailableMiddleware


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_error_pages_render_without_any_query(template):
    """No django_db mark: any query would raise instead of rendering."""
    html = loader.get_template(template).render()
    assert 'href="/static/css/site.css"' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_lost_database_connection_answers_503_with_retry_after(error):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/ratgeber/")
    response = middleware.process_exception(request, error("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Backportal ist gerade nicht erreichbar" in response.content.decode()


def test_other_database_errors_stay_server_errors():
    """A programming error is a bug (500, reported), not an outage."""
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ProgrammingError("bug")) is None


class LosesTheDatabase:
    """A middleware whose own query fails, outside any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("the connection is closed")


def test_lost_connection_in_a_middleware_answers_503_too(client, settings):
    """process_exception sees only views; handler500 answers the rest."""
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:1],
        f"{__name__}.LosesTheDatabase",
        *settings.MIDDLEWARE[1:],
    ]
    client.raise_request_exception = False
    response = client.get("/ratgeber/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Backportal ist gerade nicht erreichbar" in response.content.decode()


def test_error_answers_never_ask_the_database_for_freshness():
    """A page's 503 must not query for its prices' freshness on the way out.

    No django_db mark, and a page that is no page: asking would raise."""
    from django.http import HttpResponse

    from backportal.core.cache_control import CacheControlMiddleware

    def unavailable(request):
        request.page_cache_page = object()  # reading it would need the database
        return HttpResponse(status=503)

    middleware = CacheControlMiddleware(unavailable)
    response = middleware(RequestFactory().get("/ratgeber/"))
    assert response["Cache-Control"].startswith("private")

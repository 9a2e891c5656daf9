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

"""Answer a friendly 503 page while the database is unreachable.

A view that cannot reach PostgreSQL (restart, failover, network) raises
OperationalError or InterfaceError; readers get templates/503.html with
Retry-After instead of the generic 500 page. Django reconnects by itself on a
later request (CONN_HEALTH_CHECKS).

Two entries, one answer: DatabaseUnavailableMiddleware (settings.MIDDLEWARE)
catches the view's errors with a one-line log, and server_error (handler500
in backportal/urls.py) catches the same errors when a middleware raised them,
which process_exception never sees.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def is_connection_error(error) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def unavailable_response() -> HttpResponse:
    """templates/503.html, never cached, with a hint when to come back."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into a 503 with the site's error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_connection_error(exception):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        return unavailable_response()


def server_error(request):
    """handler500: the 503 page for a lost connection, else Django's 500 page."""
    if is_connection_error(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request)

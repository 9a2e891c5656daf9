"""Answer a friendly 503 page while the database is unreachable.

A view that cannot reach PostgreSQL (restart, failover, network) raises
OperationalError or InterfaceError; readers get templates/503.html with
Retry-After instead of the generic 500 page.

Connections persist between requests without a health check (one round trip
per request saved). A connection left over from an earlier request may have
died meanwhile (PostgreSQL restarted): a GET or HEAD whose view fails on such
a connection runs once more on a fresh one, which is safe because those
methods change nothing a second run would repeat (a /go/ click is read and
written in one statement, so a failed one wrote nothing). A second failure,
or a failure on a connection opened in this request, is an outage: the 503.
With a connection pool (DB_POOL) every connection comes from the pool, so a
GET always gets its second try.

Two entries, one answer: DatabaseUnavailableMiddleware (settings.MIDDLEWARE)
catches the view's errors with a one-line log, and server_error (handler500
in backportal/urls.py) catches the same errors when a middleware raised them,
which process_exception never sees.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError, connection
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

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD") and (
            connection.connection is not None  # kept from an earlier request
            or connection.settings_dict["OPTIONS"].get("pool")  # from the pool
        ):
            # The connection this view will use may have gone stale meanwhile.
            request.database_retry = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        if not is_connection_error(exception):
            return None
        retry = getattr(request, "database_retry", None)
        if retry is not None:
            request.database_retry = None
            connection.close()
            if connection.settings_dict["OPTIONS"].get("pool"):
                # Its other idle connections died too: test them all now
                # (psycopg_pool replaces the broken ones), not one per reader.
                connection.pool.check()
            view_func, view_args, view_kwargs = retry
            try:
                response = view_func(request, *view_args, **view_kwargs)
                if callable(getattr(response, "render", None)):
                    response = response.render()
                return response
            except (OperationalError, InterfaceError) as error:
                exception = error
        logger.error("Database unavailable for %s: %s", request.path, exception)
        return unavailable_response()


def server_error(request):
    """handler500: the 503 page for a lost connection, else Django's 500 page."""
    if is_connection_error(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request)

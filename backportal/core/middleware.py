"""Answer a friendly 503 page while the database is unreachable.

Wired in settings.MIDDLEWARE. A view that cannot reach PostgreSQL (restart,
failover, network) raises OperationalError or InterfaceError; readers get
templates/503.html with Retry-After instead of the generic 500 page. Django
reconnects by itself on a later request (CONN_HEALTH_CHECKS).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into a 503 with the site's error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response

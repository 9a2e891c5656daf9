"""Content-Security-Policy and Permissions-Policy headers, and the CSP report endpoint.

Django 6.1's own CSP middleware sets the policies of settings.SECURE_CSP
(enforced) on public pages; the admin gets settings.ADMIN_CSP_REPORT_ONLY as
report-only, until the reports show what Wagtail's admin needs. No nonces: a
page stays the same bytes for every reader, so the page cache and a CDN can
share it. Wired in settings.MIDDLEWARE before the page cache, so cached pages
carry the headers too.
"""

from __future__ import annotations

import json
import logging
from functools import cache

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("backportal.csp")

# A report is a few hundred bytes; anything longer is cut before parsing.
MAX_REPORT_BYTES = 8 * 1024
REPORT_FIELDS = (
    "document-uri",
    "violated-directive",
    "effective-directive",
    "blocked-uri",
    "source-file",
    "line-number",
    "disposition",
)


@cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class SecurityHeadersMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, report-only under the admin; adds Permissions-Policy.

    Costs no query and no cache round trip.
    """

    def process_response(self, request, response):
        if request.path.startswith(admin_prefix()):
            if not hasattr(response, "_csp_config"):
                response._csp_config = {}
            if not hasattr(response, "_csp_ro_config"):
                response._csp_ro_config = settings.ADMIN_CSP_REPORT_ONLY
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


def _reports(body: bytes) -> list[dict]:
    """The reports of a `report-uri` (one object) or `report-to` (a list) body."""
    try:
        data = json.loads(body)
    except ValueError:
        return []
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [data["csp-report"]]
    if isinstance(data, list):
        reports = []
        for item in data:
            body = item.get("body") if isinstance(item, dict) else None
            if isinstance(body, dict):
                # report-to names the fields in camelCase.
                reports.append(
                    {
                        "document-uri": body.get("documentURL"),
                        "effective-directive": body.get("effectiveDirective"),
                        "blocked-uri": body.get("blockedURL"),
                        "source-file": body.get("sourceFile"),
                        "line-number": body.get("lineNumber"),
                        "disposition": body.get("disposition"),
                    }
                )
        return reports
    return []


@csrf_exempt  # browsers send reports without a token; they change nothing
@require_POST
def csp_report(request):
    """Receives CSP violation reports from browsers and logs them (logger backportal.csp).

    Logs only what the report says about the page and the blocked resource:
    no address, no User-Agent. Rate limited (settings.RATE_LIMITS); 204 always.
    """
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) <= MAX_REPORT_BYTES:
        for report in _reports(body)[:10]:
            fields = {
                key: str(report.get(key))[:300]
                for key in REPORT_FIELDS
                if report.get(key) is not None
            }
            logger.warning("CSP violation: %s", json.dumps(fields, sort_keys=True))
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response

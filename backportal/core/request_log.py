"""Request ids and log lines a log collector can read.

RequestIdMiddleware (first in settings.MIDDLEWARE) gives every request an id:
the proxy's `X-Request-ID` when it looks like one, else a new one; the
response carries it back, and every log line written while the request runs
names it. LOG_FORMAT=json writes one JSON object per line; the text format
also keeps a traceback on its line, so one request error is one line.
"""

import contextvars
import json
import logging
import re
import uuid

request_id = contextvars.ContextVar("request_id", default="-")
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Sets request.id and the X-Request-ID response header; no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if VALID_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (or "-" outside requests) to every record."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class OneLineFormatter(logging.Formatter):
    """Text lines with the traceback folded onto the same line."""

    def format(self, record):
        return super().format(record).replace("\n", " | ")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id.get()),
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)

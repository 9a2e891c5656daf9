"""Request ids on responses and in log lines; one line per request error."""

import io
import json
import logging

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import path

from backportal.core.request_log import JsonFormatter, OneLineFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def broken(request):
    """A view that fails, as a bug would."""
    raise RuntimeError("kaputt")


urlpatterns = [path("kaputt/", broken)]


@pytest.fixture
def request_log():
    """What django.request writes, through a formatter of the settings' kind."""

    def attach(formatter):
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(formatter)
        logger = logging.getLogger("django.request")
        logger.addHandler(handler)
        attached.append(handler)
        return stream

    attached = []
    yield attach
    for handler in attached:
        logging.getLogger("django.request").removeHandler(handler)


def test_every_response_names_its_request():
    client = Client()
    first, second = client.get("/robots.txt"), client.get("/robots.txt")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    # The proxy's id is kept, so its log and ours can be joined; junk is not.
    kept = client.get("/robots.txt", headers={"X-Request-ID": "lb-1234abcd"})
    assert kept["X-Request-ID"] == "lb-1234abcd"
    junk = client.get("/robots.txt", headers={"X-Request-ID": "<script>"})
    assert junk["X-Request-ID"] != "<script>"


@override_settings(ROOT_URLCONF=__name__, ADMINS=["betrieb@example.org"])
def test_a_request_error_is_one_line_with_its_id_and_a_mail(request_log):
    stream = request_log(OneLineFormatter("%(levelname)s [%(request_id)s] %(message)s"))
    response = Client(raise_request_exception=False).get("/kaputt/")
    assert response.status_code == 500
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert f"[{response['X-Request-ID']}]" in lines[0]
    assert "RuntimeError: kaputt" in lines[0]
    assert [message.to for message in mail.outbox] == [["betrieb@example.org"]]


@override_settings(ROOT_URLCONF=__name__)
def test_json_log_lines_for_collectors(request_log):
    stream = request_log(JsonFormatter())
    response = Client(raise_request_exception=False).get("/kaputt/")
    (line,) = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert "RuntimeError: kaputt" in entry["exception"]

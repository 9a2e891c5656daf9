"""The HTTP client against a real local server: each answer classified, politely."""

import socket

import pytest

from products.linkcheck.checker import (
    LinkChecker,
    Outcome,
    check_many,
    loopback_only,
)

from .conftest import SLOW_SECONDS, LocalServer, Recorder


def checker(**kwargs):
    options = {
        "timeout": 1.0,
        "per_host_interval": 0.0,
        "host_allowed": loopback_only,
    }
    return LinkChecker(**(options | kwargs))


@pytest.mark.parametrize(
    ("path", "outcome", "status"),
    [
        ("/ok", Outcome.OK, 200),
        ("/head-refused", Outcome.OK, 200),  # 405 on HEAD, GET works
        ("/chain/3", Outcome.OK, 200),
        ("/missing", Outcome.HARD, 404),
        ("/gone", Outcome.HARD, 410),
        ("/to-home", Outcome.HARD, 200),
        ("/error", Outcome.ERROR, 500),
        ("/forbidden", Outcome.BLOCKED, 403),
        ("/too-many", Outcome.BLOCKED, 429),
        ("/unavailable", Outcome.BLOCKED, 503),
        ("/captcha", Outcome.BLOCKED, 200),
    ],
)
def test_each_answer_is_classified(server, path, outcome, status):
    result = checker().check(server.url(path))
    assert (result.outcome, result.status_code) == (outcome, status)
    assert result.detail
    assert result.elapsed_ms is not None


def test_a_redirect_chain_is_followed_to_its_end(server):
    result = checker().check(server.url("/chain/3"))
    assert result.final_url == server.url("/ok/after-chain")
    paths = [path for _host, method, path, _t in server.recorder.requests]
    assert paths == ["/chain/3", "/chain/2", "/chain/1", "/ok/after-chain"]
    assert {method for _host, method, _p, _t in server.recorder.requests} == {"HEAD"}


def test_redirects_stop_at_the_limit(server):
    result = checker(max_redirects=3).check(server.url("/loop"))
    assert result.outcome is Outcome.ERROR
    assert "Mehr als 3 Weiterleitungen" in result.detail
    heads = [r for r in server.recorder.requests if r[1] == "HEAD"]
    assert len(heads) == 4  # the link and three redirects, then it gives up


def test_a_redirect_to_the_merchants_configured_home_is_hard(server):
    home = server.url("/ok/start")
    assert checker().check(server.url("/to-shop-start")).outcome is Outcome.OK
    result = checker().check(server.url("/to-shop-start"), home_urls=[home])
    assert result.outcome is Outcome.HARD
    assert result.detail == "Weiterleitung auf die Startseite des Händlers"
    # A link that points at the front page itself is fine.
    assert checker().check(server.url("/"), home_urls=[home]).outcome is Outcome.OK


def test_head_is_tried_first_and_get_only_when_needed(server):
    checker().check(server.url("/ok"))
    checker().check(server.url("/head-refused"))
    calls = [(method, path) for _host, method, path, _t in server.recorder.requests]
    assert calls == [
        ("HEAD", "/ok"),
        ("HEAD", "/head-refused"),
        ("GET", "/head-refused"),
    ]


def test_a_slow_answer_times_out_well_before_it_arrives(server):
    result = checker(timeout=0.5).check(server.url("/slow"))
    assert result.outcome is Outcome.ERROR
    assert result.detail == "Zeitüberschreitung nach 0.5 s"
    assert result.elapsed_ms < SLOW_SECONDS * 1000
    # No GET after a timeout: the server got exactly one request.
    assert len(server.recorder.requests) == 1


def test_a_refused_connection_is_hard(closed_port_url):
    result = checker().check(closed_port_url)
    assert result.outcome is Outcome.HARD
    assert result.detail == "Verbindung abgelehnt"
    assert result.status_code is None


def test_a_name_that_does_not_resolve_is_hard(monkeypatch):
    """DNS is simulated: tests never ask a real resolver about a real name."""

    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    result = LinkChecker(timeout=1.0, per_host_interval=0).check(
        "http://shop.invalid/produkt"
    )
    assert result.outcome is Outcome.HARD
    assert result.detail == "Adresse nicht auflösbar (DNS)"


def test_the_guard_refuses_other_hosts_before_any_lookup(resolved_hosts):
    result = checker().check("https://www.amazon.de/dp/B000TEST")
    assert result.outcome is Outcome.SKIPPED
    assert resolved_hosts == []


def test_the_guard_also_applies_to_redirect_targets(server, resolved_hosts):
    result = checker().check(server.url("/away"))
    assert result.outcome is Outcome.SKIPPED
    assert result.detail == "Host www.example.org nicht erlaubt"
    assert all(loopback_only(host) for host in resolved_hosts)


def test_one_request_at_a_time_per_host_with_a_pause_between():
    server = LocalServer(delay=0.05)
    try:
        polite = checker(per_host_interval=0.2)
        urls = [server.url(f"/ok/{i}") for i in range(4)]
        results = list(check_many(polite, urls, url_of=lambda url: url, workers=4))
        assert {result.outcome for _url, result in results} == {Outcome.OK}
        starts = sorted(t for _h, _m, _p, t in server.recorder.requests)
        assert server.recorder.peak == 1
        assert all(b - a >= 0.2 for a, b in zip(starts, starts[1:], strict=False))
    finally:
        server.close()


def test_no_more_requests_at_once_than_workers():
    recorder = Recorder()
    servers = [
        LocalServer(host=f"127.0.0.{i}", recorder=recorder, delay=0.2)
        for i in (1, 2, 3)
    ]
    try:
        urls = [s.url(f"/ok/{i}") for s in servers for i in range(2)]
        results = list(check_many(checker(), urls, url_of=lambda url: url, workers=2))
        assert len(results) == 6
        assert recorder.peak <= 2
    finally:
        for s in servers:
            s.close()


def test_response_time_leaves_out_waiting_for_the_hosts_turn(server):
    polite = checker(per_host_interval=0.5)
    urls = [server.url(f"/ok/{i}") for i in range(2)]
    results = [r for _u, r in check_many(polite, urls, url_of=lambda u: u, workers=2)]
    starts = sorted(t for _h, _m, _p, t in server.recorder.requests)
    assert starts[1] - starts[0] >= 0.5  # the second one waited its turn ...
    assert all(result.elapsed_ms < 500 for result in results)  # ... uncounted

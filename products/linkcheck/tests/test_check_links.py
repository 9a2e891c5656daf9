"""`manage.py check_links` against a local server: states, history, exclusions, guard."""

import io

import pytest
from django.core.management import CommandError, call_command

from products.factories import AffiliateLinkFactory
from products.linkcheck.checker import CheckResult, Outcome
from products.linkcheck.models import LinkCheck, LinkState
from products.linkcheck.services import record_result

pytestmark = pytest.mark.django_db


def run(*links, **options):
    out = io.StringIO()
    args = [arg for link in links for arg in ("--link", link.slug)]
    call_command(
        "check_links", *args, "--delay", "0", "--timeout", "1", stdout=out, **options
    )
    return out.getvalue()


def state_of(link) -> LinkCheck:
    return LinkCheck.objects.get(link=link)


def test_two_hard_failures_in_a_row_make_a_link_broken(server):
    link = AffiliateLinkFactory(url=server.url("/missing"))
    run(link)
    check = state_of(link)
    assert (check.state, check.consecutive_failures) == (LinkState.FAILING, 1)
    assert check.status_code == 404
    assert check.broken_since is None
    output = run(link)
    check = state_of(link)
    assert (check.state, check.consecutive_failures) == (LinkState.BROKEN, 2)
    assert check.broken_since == check.checked_at
    assert check.response_time_ms is not None
    assert check.final_url == server.url("/missing")
    assert "Neu defekt:" in output
    assert f"{link.slug} ({link.product.name}): HTTP 404" in output


def test_a_working_answer_in_between_starts_the_count_again(server):
    link = AffiliateLinkFactory(url=server.url("/flaky"))
    server.recorder.overrides["/flaky"] = 404
    run(link)
    server.recorder.overrides["/flaky"] = 200
    run(link)
    assert state_of(link).state == LinkState.OK
    server.recorder.overrides["/flaky"] = 404
    run(link)
    assert state_of(link).state == LinkState.FAILING


def test_a_broken_link_that_works_again_is_ok_again(server):
    link = AffiliateLinkFactory(url=server.url("/flaky"))
    server.recorder.overrides["/flaky"] = 410
    run(link)
    run(link)
    assert state_of(link).state == LinkState.BROKEN
    server.recorder.overrides["/flaky"] = 200
    run(link)
    check = state_of(link)
    assert (check.state, check.consecutive_failures) == (LinkState.OK, 0)
    assert check.broken_since is None


@pytest.mark.parametrize(
    "path", ["/forbidden", "/too-many", "/unavailable", "/captcha"]
)
def test_merchants_blocking_robots_are_unverifiable_never_broken(server, path):
    link = AffiliateLinkFactory(url=server.url(path))
    for _ in range(3):
        run(link)
    check = state_of(link)
    assert (check.state, check.consecutive_failures) == (LinkState.UNVERIFIABLE, 0)


def test_server_errors_and_timeouts_are_temporary(server):
    error = AffiliateLinkFactory(url=server.url("/error"))
    slow = AffiliateLinkFactory(url=server.url("/slow"))
    for _ in range(2):
        call_command(
            "check_links",
            "--link",
            error.slug,
            "--link",
            slow.slug,
            "--delay",
            "0",
            "--timeout",
            "0.3",
            stdout=io.StringIO(),
        )
    assert state_of(error).state == LinkState.ERROR
    assert state_of(slow).state == LinkState.ERROR
    assert state_of(slow).detail == "Zeitüberschreitung nach 0.3 s"


def test_a_refused_connection_counts_as_hard(closed_port_url):
    link = AffiliateLinkFactory(url=closed_port_url)
    run(link)
    run(link)
    check = state_of(link)
    assert check.state == LinkState.BROKEN
    assert check.detail == "Verbindung abgelehnt"


def test_excluded_links_are_not_checked(server):
    link = AffiliateLinkFactory(url=server.url("/missing"))
    LinkCheck.objects.create(link=link, excluded=True)
    call_command("check_links", "--delay", "0", stdout=io.StringIO())
    assert server.recorder.requests == []
    assert state_of(link).state == LinkState.EXCLUDED
    with pytest.raises(CommandError, match=link.slug):
        run(link)


def test_the_command_never_contacts_another_host(resolved_hosts):
    """Demo links point at http://testserver/…: under tests they are skipped."""
    link = AffiliateLinkFactory(url="https://www.amazon.de/dp/B000TEST?tag=bp-21")
    before = dict(LinkCheck.objects.values_list("link__slug", "state"))
    output = run(link)
    assert "1 Link nicht geprüft" in output
    assert "Host www.amazon.de nicht erlaubt" in output
    assert resolved_hosts == []
    call_command("check_links", "--delay", "0", stdout=io.StringIO())
    after = dict(LinkCheck.objects.values_list("link__slug", "state"))
    assert {slug: after[slug] for slug in before} == before  # demo states kept
    assert {after[slug] for slug in after.keys() - before.keys()} == {
        LinkState.UNCHECKED
    }
    assert all(host in ("127.0.0.1", "localhost") for host in resolved_hosts)


def test_summary_counts_each_state(server):
    links = [
        AffiliateLinkFactory(url=server.url(path))
        for path in ("/ok", "/chain/2", "/forbidden", "/missing", "/error")
    ]
    output = run(*links)
    assert (
        "5 Links in" in output
        and "2 in Ordnung, 1 nicht prüfbar, 1 vorübergehende Fehler, "
        "1 einmal fehlgeschlagen, 0 defekt (davon 0 neu)."
        in output
    )


def test_progress_lines_at_verbosity_two(server):
    link = AffiliateLinkFactory(url=server.url("/ok"))
    output = run(link, verbosity=2)
    assert f"[1/1] {link.slug}: In Ordnung (HTTP 200)" in output


def test_bad_options_are_explained():
    with pytest.raises(CommandError, match="--workers"):
        call_command("check_links", "--workers", "0", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("outcomes", "state"),
    [
        (["hard", "hard"], LinkState.BROKEN),
        (["hard", "ok", "hard"], LinkState.FAILING),
        (["blocked", "blocked", "blocked"], LinkState.UNVERIFIABLE),
        (["hard", "hard", "error"], LinkState.BROKEN),
        (["hard", "hard", "blocked"], LinkState.BROKEN),
        (["hard", "hard", "ok"], LinkState.OK),
        (["error", "error", "error"], LinkState.ERROR),
    ],
)
def test_history_decides_the_state(outcomes, state):
    from django.utils import timezone

    check = LinkCheck.objects.create(link=AffiliateLinkFactory())
    for outcome in outcomes:
        record_result(check, CheckResult(Outcome(outcome), "Befund"), timezone.now())
    check.refresh_from_db()
    assert check.state == state

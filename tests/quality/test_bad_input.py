"""Hostile and random input at every public URL and form, and the reports (hypothesis).

Whatever comes in, a reader gets a clear answer: never a 500, never a redirect
off the site (except /go/ to a registered merchant URL), never their input
echoed back as markup. Example counts are bounded to keep the suite fast.
"""

import functools
import re
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import ArticlePage

from .pages import ARTICLE

pytestmark = pytest.mark.django_db

# Every payload carries this tag; if it reaches the HTML unescaped, it is markup.
MARKER = "<hyp-xss"
PAYLOADS = [
    f'{MARKER} x="1">',
    f'"><{MARKER[1:]}>',
    f"'><{MARKER[1:]}>",
    f"</script>{MARKER}>",
    f"</title>{MARKER}>",
    f"javascript:alert(1)//{MARKER}>",
    f"{{{{ 7*7 }}}}{{% now 'Y' %}}{MARKER}>",
]
ODD = [
    "",
    " ",
    "0",
    "-1",
    "1e9",
    "99999999999999999999999",
    "NaN",
    "%",
    "%ff%fe",
    "../../etc/passwd",
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
    "\x00",
    "\r\nSet-Cookie: hyp=1",
    "ä" * 300,
    "' OR 1=1 --",
]
hostile = st.one_of(
    st.sampled_from(PAYLOADS + ODD),
    st.builds(
        lambda before, payload, after: before + payload + after,
        st.text(max_size=20),
        st.sampled_from(PAYLOADS),
        st.text(max_size=20),
    ),
    st.text(max_size=200),
)
# A path segment: quoted, so slashes and percent signs arrive as data.
segment = hostile.map(lambda value: quote(value, safe=""))
# A raw path tail: what a scanner sends, only made a valid request line.
raw_path = st.one_of(
    st.sampled_from(["//evil.example", "/\\evil.example", "/%2F%2Fevil.example"]),
    st.text(
        alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=60
    ).map(lambda value: "/" + quote(value, safe="/%?=&#;@:+")),
)

BOUNDED = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def location_host(response) -> str:
    """The host a redirect sends the browser to ('' for same-site paths)."""
    # Browsers read a backslash in a URL as a slash: "/\\evil" is "//evil".
    return urlsplit(response["Location"].replace("\\", "/")).netloc


def assert_safe(response, allowed_hosts=frozenset()):
    """No server error, no redirect off-site, no reflected markup."""
    assert response.status_code < 500, response.status_code
    if response.has_header("Location"):
        assert location_host(response) in {"", "testserver", *allowed_hosts}, response[
            "Location"
        ]
    if response.get("Content-Type", "").startswith("text/html"):
        assert MARKER not in response.content.decode(errors="replace")


@BOUNDED
@given(value=segment)
def test_slugs_in_every_public_path(value):
    client = Client()
    for pattern in [
        "/{}/",
        "/ratgeber/{}/",
        "/ratgeber/thema/{}/",
        "/ratgeber/schlagwort/{}/",
        "/autoren/{}/",
        "/impressum/{}/",
    ]:
        assert_safe(client.get(pattern.format(value)))


@BOUNDED
@given(path=raw_path)
def test_raw_paths_never_redirect_off_site(path):
    assert_safe(Client().get(path))


@BOUNDED
@given(query=hostile, page_number=hostile)
def test_search_query_and_page_number(query, page_number):
    client = Client()
    response = client.get("/suche/", {"q": query, "seite": page_number})
    assert_safe(response)
    assert response.status_code in {200, 404}


@pytest.mark.parametrize("query", ['"', "\x00", "Rücken\x00", "!!!"])
def test_search_answers_a_nul_byte_and_an_unpaired_quote(client, query):
    """Found by the test above: PostgreSQL and SQLite's FTS used to answer 500."""
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


@settings(BOUNDED, max_examples=25)
@given(page_number=hostile, name=st.sampled_from(["seite", "q", "utm_source"]))
def test_listing_parameters(page_number, name):
    client = Client()
    for path in ["/ratgeber/", "/ratgeber/thema/rueckentraining/", ARTICLE]:
        response = client.get(path, {name: page_number})
        assert_safe(response)
        assert response.status_code in {200, 404}


@BOUNDED
@given(vote=hostile, extra=hostile, page_id=st.integers(min_value=-1, max_value=2**70))
def test_feedback_posts(vote, extra, page_id):
    client = Client()
    article = ArticlePage.objects.get(url_path__endswith=ARTICLE)
    for target in [article.pk, page_id]:
        response = client.post(
            f"/artikel-feedback/{target}/", {"vote": vote, "next": extra}
        )
        assert_safe(response)
        assert response.status_code in {302, 404}
    response = client.get(response.url if response.status_code == 302 else ARTICLE)
    assert_safe(response)


def test_feedback_with_a_page_id_out_of_every_integer_range():
    response = Client().post(f"/artikel-feedback/{2**70}/", {"vote": "ja"})
    assert response.status_code == 404


@functools.cache
def affiliate_targets():
    """Link slugs and target hosts of the affiliate links on the demo article."""
    html = Client().get(ARTICLE).content.decode()
    slugs, hosts = set(), set()
    for tag in re.findall(r"<a [^>]*affiliate-link[^>]*>", html):
        href = re.search(r'href="([^"]+)"', tag).group(1).replace("&amp;", "&")
        if match := re.search(r"/go/([^/]+)/", href):
            slugs.add(match.group(1))
        else:
            hosts.add(urlsplit(href).netloc)
        if ping := re.search(r'ping="([^"]+)"', tag):
            query = urlsplit(ping.group(1).replace("&amp;", "&")).query
            slugs.update(parse_qs(query).get("link", []))
    return slugs, hosts


@pytest.fixture
def go_url():
    return reverse("products:go", kwargs={"slug": "x"}).replace("/x/", "/{}/")


@BOUNDED
@given(slug=segment, params=st.dictionaries(hostile, hostile, max_size=4))
def test_go_with_unknown_slugs_and_any_parameters(go_url, slug, params):
    response = Client().get(go_url.format(slug) + "?" + urlencode(params))
    assert_safe(response)


@BOUNDED
@given(params=st.dictionaries(hostile, hostile, max_size=4))
def test_go_parameters_never_change_the_destination(go_url, params):
    slugs, hosts = affiliate_targets()  # from the demo data, the same every time
    assert slugs, "the demo article shows no affiliate link"
    client = Client()
    for slug in sorted(slugs):
        plain = client.get(go_url.format(slug))
        hostile_response = client.get(go_url.format(slug) + "?" + urlencode(params))
        assert_safe(hostile_response, allowed_hosts=hosts | {location_host(plain)})
        if plain.has_header("Location"):
            assert location_host(hostile_response) == location_host(plain)
        post = client.post(
            "/click/?" + urlencode({**params, "link": slug}), data=params
        )
        assert_safe(post)


@pytest.fixture
def report_urls():
    """The click reports (products.clicks) and their result fragments."""
    from products.clicks.selectors import DIMENSIONS

    names = ["overview", *DIMENSIONS]
    return [reverse(f"clicks:{name}") for name in names] + [
        reverse(f"clicks:{name}_results") for name in names
    ]


REPORT_FILTERS = [
    "period",
    "date_after",
    "date_before",
    "category",
    "merchant",
    "product",
    "link",
    "page",
    "placement",
    "device",
    "bots",
    "export",
    "p",
    "ordering",
]


@settings(BOUNDED, max_examples=15)
@given(params=st.dictionaries(st.sampled_from(REPORT_FILTERS), hostile, max_size=5))
def test_report_filters(admin_client, report_urls, params):
    """Marketing's reports answer any filter value with a page or a form error."""
    for url in report_urls:
        response = admin_client.get(url + "?" + urlencode(params))
        assert_safe(response)

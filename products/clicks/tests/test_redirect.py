"""/go/<slug>/ and /click/ record one Click each, as a visitor and a bot meet them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from products.clicks.models import BotReason, Click, DailySalt, Device, Outcome
from products.clicks.services import daily_salt, visitor_key
from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory

from .conftest import BROWSER_UA, IPHONE_UA

pytestmark = pytest.mark.django_db


def only_click():
    [click] = Click.objects.select_related("page")
    return click


def test_go_redirects_302_uncached_unindexed_and_records_the_click(
    client, link, article, browser_headers
):
    response = client.get(
        f"/go/{link.slug}/?from={article.pk}&p=table", **browser_headers
    )

    assert response.status_code == 302
    assert response["Location"] == link.url
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not response.cookies
    click = only_click()
    assert (click.link, click.product, click.merchant) == (
        link,
        link.product,
        link.merchant,
    )
    assert click.page.specific == article
    assert click.placement == "table"
    assert click.device == Device.DESKTOP
    assert click.is_bot is False and click.bot_reason == BotReason.NONE
    assert click.outcome == Outcome.REDIRECT
    assert abs(click.at - timezone.now()) < timedelta(minutes=1)


OPEN_REDIRECT_ATTEMPTS = [
    "next=https://evil.example/",
    "url=https://evil.example/",
    "to=//evil.example",
    "target=https://evil.example/",
    "redirect=https%3A%2F%2Fevil.example",
    "from=https://evil.example/",
    "p=//evil.example",
    "link=other-link",
    "subid=https://evil.example/",
]


@pytest.mark.parametrize("query", OPEN_REDIRECT_ATTEMPTS)
def test_no_parameter_changes_the_destination(client, link, query):
    response = client.get(
        f"/go/{link.slug}/?{query}", HTTP_REFERER="https://evil.example/"
    )
    assert response.status_code == 302
    assert response["Location"] == link.url


def test_a_foreign_host_header_does_not_change_the_fallback_target(client):
    dead = AffiliateLinkFactory(is_active=False)
    response = client.get(f"/go/{dead.slug}/", HTTP_HOST="evil.example")
    # The test settings allow any host; the fallback is a path on whatever host
    # was asked, never an absolute URL built from it.
    assert response["Location"] == f"/empfehlungen/{dead.product.slug}/"


def test_the_source_page_must_be_a_real_page(client, link):
    client.get(f"/go/{link.slug}/?from=987654321&p=box")
    assert only_click().page is None


def test_the_source_page_falls_back_to_the_referer_on_this_site(client, link, article):
    client.get(
        f"/go/{link.slug}/?p=text",
        HTTP_REFERER=f"http://testserver{article.url}?utm_source=x",
    )
    assert only_click().page.specific == article


def test_a_referer_from_another_site_is_ignored(client, link, article):
    client.get(f"/go/{link.slug}/", HTTP_REFERER=f"https://evil.example{article.url}")
    assert only_click().page is None


def test_a_valid_from_parameter_wins_over_the_referer(client, link, article):
    home = article.get_parent().get_parent()
    client.get(
        f"/go/{link.slug}/?from={home.pk}",
        HTTP_REFERER=f"http://testserver{article.url}",
    )
    assert only_click().page_id == home.pk


def test_nothing_personal_is_stored(client, link, article):
    secret_ua = BROWSER_UA + " Unverwechselbar/9.9"
    response = client.get(
        f"/go/{link.slug}/?from={article.pk}",
        HTTP_USER_AGENT=secret_ua,
        REMOTE_ADDR="198.51.100.23",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert not response.cookies
    click = only_click()
    assert len(click.visitor_key) == 32
    dump = _dump_clicks_app()
    for personal in ("198.51.100.23", "192.0.2.99", "Unverwechselbar", "Mozilla"):
        assert personal not in dump
    assert "ip" not in {field.name for field in Click._meta.get_fields()}


def _dump_clicks_app() -> str:
    import io

    out = io.StringIO()
    call_command("dumpdata", "clicks", stdout=out)
    return out.getvalue()


BOTS = {
    "google": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "bing": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "gptbot": "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
    "claudebot": "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
    "perplexity": "Mozilla/5.0 (compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)",
    "facebook": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "whatsapp": "WhatsApp/2.23.20.0",
    "telegram": "TelegramBot (like TwitterBot)",
    "slack": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "discord": "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "uptimerobot": "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "curl": "curl/8.5.0",
    "headless": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    "empty": "",
}


@pytest.mark.parametrize("user_agent", BOTS.values(), ids=BOTS.keys())
def test_bots_are_redirected_but_flagged(client, link, user_agent):
    response = client.get(f"/go/{link.slug}/", HTTP_USER_AGENT=user_agent)
    assert response.status_code == 302
    assert response["Location"] == link.url
    click = only_click()
    assert click.is_bot and click.bot_reason == BotReason.CRAWLER


PEOPLE = {
    "desktop-chrome": (BROWSER_UA, Device.DESKTOP),
    "iphone": (IPHONE_UA, Device.MOBILE),
    "android-phone": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        Device.MOBILE,
    ),
    "ipad": (
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        Device.TABLET,
    ),
    "android-tablet": (
        "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        Device.TABLET,
    ),
    "firefox-mac": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0",
        Device.DESKTOP,
    ),
    "cubot-phone": (
        "Mozilla/5.0 (Linux; Android 12; CUBOT KINGKONG 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
        Device.MOBILE,
    ),
}


@pytest.mark.parametrize("user_agent, device", PEOPLE.values(), ids=PEOPLE.keys())
def test_people_get_a_device_class_and_no_bot_flag(client, link, user_agent, device):
    client.get(f"/go/{link.slug}/", HTTP_USER_AGENT=user_agent)
    click = only_click()
    assert (click.device, click.is_bot) == (device, False)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
    ],
)
def test_prefetches_are_flagged(client, link, headers):
    response = client.get(f"/go/{link.slug}/", HTTP_USER_AGENT=BROWSER_UA, **headers)
    assert response.status_code == 302
    click = only_click()
    assert click.is_bot and click.bot_reason == BotReason.PREFETCH


def test_head_requests_are_redirected_and_flagged(client, link):
    response = client.head(f"/go/{link.slug}/", HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 302
    assert response["Location"] == link.url
    click = only_click()
    assert click.is_bot and click.bot_reason == BotReason.HEAD


def test_unknown_slug_gets_the_404_page_and_records_nothing(client):
    response = client.get("/go/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Diese Seite gibt es leider nicht" in response.content.decode()
    assert not Click.objects.exists()


def test_an_expired_link_leads_to_the_product_page_and_is_still_counted(client):
    expired = AffiliateLinkFactory(valid_until=timezone.now() - timedelta(days=1))
    response = client.get(f"/go/{expired.slug}/?p=box", HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 302
    assert response["Location"] == f"/empfehlungen/{expired.product.slug}/"
    click = only_click()
    assert (click.link, click.outcome) == (expired, Outcome.FALLBACK)


def test_a_link_of_an_archived_product_falls_back_too(client):
    link = AffiliateLinkFactory(product=ProductFactory(is_active=False))
    client.get(f"/go/{link.slug}/")
    assert only_click().outcome == Outcome.FALLBACK


MALFORMED = {
    "negative-page": ("?from=-1", {}),
    "huge-page": ("?from=99999999999999999999999", {}),
    "nul-page": ("?from=%00", {}),
    "unicode-digits": ("?from=%D9%A3", {}),
    "nul-placement": ("?p=%00", {}),
    "script-placement": ("?p=%3Cscript%3E", {}),
    "repeated": ("?from=1&from=2&p=box&p=text", {}),
    "broken-referer": ("", {"HTTP_REFERER": "http://[::1"}),
    "nul-referer": ("", {"HTTP_REFERER": "http://testserver/%00/"}),
    "long-referer": ("", {"HTTP_REFERER": "http://testserver/" + "a/" * 2000}),
    "binary-user-agent": ("", {"HTTP_USER_AGENT": "\udcff\x01" * 600}),
    "forwarded-garbage": ("", {"HTTP_X_FORWARDED_FOR": ",,,\x00"}),
}


@pytest.mark.parametrize("query, headers", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_input_never_causes_a_500(client, link, query, headers):
    response = client.get(f"/go/{link.slug}/{query}", **headers)
    assert response.status_code == 302
    assert response["Location"] == link.url
    click = only_click()
    assert click.placement in {"", "box", "text"}


@pytest.mark.parametrize(
    "path", ["/go/%00/", "/go/%C3%BC/", "/go/a%2Fb/", "/go/" + "x" * 300 + "/"]
)
def test_malformed_slugs_get_the_404_page(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["?link=%00", "?link=a%2Fb", "?link=%C3%BC&from=%00"])
def test_the_click_endpoint_answers_404_to_malformed_links(client, query):
    assert client.post(f"/click/{query}").status_code == 404
    assert not Click.objects.exists()


def test_the_redirect_reads_the_link_and_records_the_click_in_one_statement(
    client, link, article
):
    url = f"/go/{link.slug}/?from={article.pk}&p=box"
    headers = {
        "HTTP_USER_AGENT": BROWSER_UA,
        "HTTP_REFERER": f"http://testserver{article.url}",
    }
    # Once per process and day the salt, once per connection the statement.
    client.get(url, **headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 302
    assert response["Location"] == link.url
    (statement,) = (query["sql"] for query in queries)
    assert "EXECUTE backportal_go" in statement  # prepared: lookup and insert
    assert Click.objects.filter(page=article).count() == 2


def test_the_click_endpoint_records_a_ping_with_its_page(client, article):
    direct = AffiliateLinkFactory(merchant=MerchantFactory(direct=True))
    response = client.post(
        f"/click/?link={direct.slug}&p=box",
        data="PING",
        content_type="text/ping",
        HTTP_USER_AGENT=IPHONE_UA,
        HTTP_PING_FROM=f"http://testserver{article.url}",
        HTTP_PING_TO=direct.url,
    )
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
    click = only_click()
    assert (click.link, click.outcome, click.placement) == (direct, Outcome.PING, "box")
    assert (click.page.specific, click.device) == (article, Device.MOBILE)


def test_the_click_endpoint_takes_only_posts(client, link):
    assert client.get(f"/click/?link={link.slug}").status_code == 405
    assert not Click.objects.exists()


def test_a_subid_placeholder_is_filled_with_the_click_reference(client, article):
    link = AffiliateLinkFactory(url="https://network.example/c?id=7&clickref={subid}")
    client.get(f"/go/{link.slug}/?from={article.pk}")  # salt, prepared statement
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/go/{link.slug}/?from={article.pk}")
    click = Click.objects.filter(page=article).latest("id")
    assert response["Location"] == (
        f"https://network.example/c?id=7&clickref={click.reference}"
    )
    assert len(queries) == 1  # the link read and the click written together


def test_visitor_keys_are_unique_per_day_and_link(link):
    morning = datetime(2026, 5, 4, 6, 0, tzinfo=UTC)
    evening = morning + timedelta(hours=14)
    key = visitor_key("203.0.113.7", BROWSER_UA, link.slug, morning)
    assert visitor_key("203.0.113.7", BROWSER_UA, link.slug, evening) == key
    assert visitor_key("203.0.113.8", BROWSER_UA, link.slug, morning) != key
    assert visitor_key("203.0.113.7", BROWSER_UA, link.slug + "-2", morning) != key
    assert (
        visitor_key("203.0.113.7", BROWSER_UA, link.slug, morning + timedelta(days=1))
        != key
    )


def test_a_new_day_deletes_the_salt_of_the_past_days():
    DailySalt.objects.all().delete()
    monday, tuesday = datetime(2026, 5, 4).date(), datetime(2026, 5, 5).date()
    first = daily_salt(monday)
    assert daily_salt(monday) == first
    second = daily_salt(tuesday)
    assert second != first
    assert list(DailySalt.objects.values_list("day", flat=True)) == [tuesday]


def test_trusted_proxies_take_the_client_address_from_x_forwarded_for(
    client, link, settings
):
    settings.CLICKS_TRUSTED_PROXIES = 1
    for client_ip in ("198.51.100.1", "198.51.100.2"):
        client.get(
            f"/go/{link.slug}/",
            HTTP_USER_AGENT=BROWSER_UA,
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.50, {client_ip}",
        )
    keys = set(Click.objects.values_list("visitor_key", flat=True))
    assert len(keys) == 2


def test_the_redirect_query_agrees_with_the_models_on_who_goes_to_the_merchant(
    client,
):
    """The one-statement lookup decides in SQL what AffiliateLink.is_live() and
    the product's state decide in Python; every combination must agree."""
    now = timezone.now()
    past, future = now - timedelta(days=1), now + timedelta(days=1)
    products = [
        {},
        {"is_active": False},
        {"live": False},
        {"expire_at": past},
        {"expire_at": future},
    ]
    links = [
        {},
        {"is_active": False},
        {"valid_from": past},
        {"valid_from": future},
        {"valid_until": past},
        {"valid_until": future},
    ]
    merchants = [{}, {"live": False}, {"expire_at": past}, {"expire_at": future}]
    for product_state in products:
        product = ProductFactory(**product_state)
        for link_state in links:
            for merchant_state in merchants if not product_state else [{}]:
                merchant = MerchantFactory(**merchant_state)
                link = AffiliateLinkFactory(
                    product=product, merchant=merchant, **link_state
                )
                client.get(f"/go/{link.slug}/")
                now = timezone.now()
                expected = (
                    link.is_live(now)
                    and product.is_active
                    and product.live
                    and (product.expire_at is None or now < product.expire_at)
                )
                outcome = Click.objects.get(link=link).outcome
                assert outcome == (
                    Outcome.REDIRECT if expected else Outcome.FALLBACK
                ), (product_state, link_state, merchant_state)

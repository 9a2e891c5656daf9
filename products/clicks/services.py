"""Recording a click: the one function both /go/ and the click endpoint call.

record_click() writes one Click in one INSERT. The source page is validated
inside that INSERT (a sub-select on the page table), so the hot path stays one
indexed lookup (the view's find_link) plus one insert. Nothing personal is
stored: the client address and User-Agent only feed a salted daily hash.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
from datetime import date, datetime
from hashlib import sha256
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page, Site

from .days import berlin_day
from .models import BotReason, Click, DailySalt, Placement
from .useragents import bot_reason, device_class

logger = logging.getLogger(__name__)

# Editors put this into a target URL where the merchant's network takes a
# tracking parameter, e.g. https://shop.example/p/1?clickref={subid}.
SUBID_PLACEHOLDER = "{subid}"
MAX_PAGE_ID = 2**31 - 1
MAX_PATH_LENGTH = 255
MAX_USER_AGENT_LENGTH = 512

_salt_lock = threading.Lock()
_salt_cache: dict[date, bytes] = {}


def daily_salt(day: date) -> bytes:
    """The secret salt of a Berlin day, created on first use; older salts are deleted.

    Kept in process memory for the day (one query per worker and day); every
    worker reads the same row, so no worker depends on another's memory.
    """
    salt = _salt_cache.get(day)
    if salt is not None:
        return salt
    with _salt_lock:
        row, created = DailySalt.objects.get_or_create(
            day=day, defaults={"salt": secrets.token_hex(32)}
        )
        if created:
            DailySalt.objects.filter(day__lt=day).delete()
        _salt_cache.clear()
        _salt_cache[day] = bytes.fromhex(row.salt)
        return _salt_cache[day]


def forget_salts() -> None:
    """Drop the in-process copy (after the table changed underneath, e.g. in tests)."""
    _salt_cache.clear()


def client_address(request) -> str:
    """The client's address for hashing only; behind N trusted proxies, from X-Forwarded-For."""
    proxies = settings.CLICKS_TRUSTED_PROXIES
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def visitor_key(address: str, user_agent: str, link_id: int, at: datetime) -> str:
    """Salted daily hash: the same visitor and link give the same key on one day only."""
    message = f"{address}\n{user_agent}\n{link_id}".encode("utf-8", "surrogatepass")
    return hmac.new(daily_salt(berlin_day(at)), message, sha256).hexdigest()[:32]


def _page_id_param(request) -> int | None:
    value = request.GET.get("from", "")
    if value.isascii() and value.isdigit() and len(value) <= 10:
        page_id = int(value)
        if 0 < page_id <= MAX_PAGE_ID:
            return page_id
    return None


def _referer_url_path(request) -> str | None:
    """The Wagtail url_path of the page in Ping-From/Referer, if it is on this host."""
    referer = request.headers.get("Ping-From") or request.headers.get("Referer") or ""
    try:
        parts = urlsplit(referer)
        host = request.get_host()
    except ValueError:
        return None
    if not parts.netloc or parts.netloc.lower() != host.lower():
        return None
    path = unquote(parts.path)
    if len(path) > MAX_PATH_LENGTH or not path.isprintable():
        return None
    hostname = host.rsplit(":", 1)[0].lower()
    roots = Site.get_site_root_paths()
    matching = [r for r in roots if urlsplit(r.root_url).hostname == hostname]
    root = matching[0] if matching else (roots[0] if len(roots) == 1 else None)
    if root is None:
        return None
    return root.root_path + path.strip("/") + ("/" if path.strip("/") else "")


def _source_page_queries(request) -> list:
    """Page querysets for `from` (the page id the link tag adds), then the Referer."""
    queries = []
    page_id = _page_id_param(request)
    if page_id is not None:
        queries.append(Page.objects.filter(pk=page_id))
    url_path = _referer_url_path(request)
    if url_path is not None:
        queries.append(Page.objects.filter(url_path=url_path))
    return queries


def _source_page_expression(request):
    """A sub-select resolving the source page inside the INSERT (None: unknown)."""
    subqueries = [Subquery(q.values("pk")[:1]) for q in _source_page_queries(request)]
    if len(subqueries) > 1:
        return Coalesce(*subqueries)
    return subqueries[0] if subqueries else None


def source_page(request) -> Page | None:
    """The source page as an object; costs a query, so only for sub-ID links."""
    for query in _source_page_queries(request):
        page = query.only("pk", "slug").first()
        if page is not None:
            return page
    return None


def target_url(link, request) -> tuple[str, Page | None]:
    """The merchant URL, with {subid} filled with the source page's slug.

    Returns the page too when it had to be looked up, so the click reuses it.
    """
    if SUBID_PLACEHOLDER not in link.url:
        return link.url, None
    page = source_page(request)
    subid = quote(page.slug, safe="") if page else ""
    return link.url.replace(SUBID_PLACEHOLDER, subid), page


def record_click(
    request, link, *, outcome: str, page: Page | None = None
) -> Click | None:
    """Record one click on `link` from this request, in one INSERT.

    Placement from `p`, source page from `page` or `from`/Referer (validated
    against real pages), device class and bot flag from the headers. Never
    raises for bad input; a database failure is logged and the visitor still
    gets redirected.
    """
    at = timezone.now()
    user_agent = request.headers.get("User-Agent", "")[:MAX_USER_AGENT_LENGTH]
    placement = request.GET.get("p", "")
    reason = bot_reason(request.method, request.headers, user_agent)
    try:
        return Click.objects.create(
            at=at,
            link=link,
            product_id=link.product_id,
            merchant_id=link.merchant_id,
            page_id=page.pk if page is not None else _source_page_expression(request),
            placement=placement if placement in Placement.values else Placement.UNKNOWN,
            device=device_class(user_agent),
            is_bot=reason != BotReason.NONE,
            bot_reason=reason,
            outcome=outcome,
            visitor_key=visitor_key(client_address(request), user_agent, link.pk, at),
        )
    except DatabaseError:
        logger.exception("Click on %s not recorded", link.slug)
        return None

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
from functools import lru_cache
from hashlib import sha256
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from wagtail.models import Page, Site

from products.revenue.references import new_reference, redirect_target

from .days import berlin_day
from .models import CLICK_COLUMNS, BotReason, Click, DailySalt, Placement
from .useragents import bot_reason, device_class

logger = logging.getLogger(__name__)

# Editors put this into a target URL where the merchant's network takes a
# tracking parameter, e.g. https://shop.example/p/1?clickref={subid}; it
# receives the click's random reference.
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
    referer = request.headers.get("Ping-From") or request.headers.get("Referer")
    if not referer:
        return None
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


def _source_page_keys(request) -> tuple[int | None, str | None]:
    """(page id from `from`, Wagtail url_path from Ping-From/Referer); either may be None."""
    return _page_id_param(request), _referer_url_path(request)


def source_page(request) -> Page | None:
    """The source page as an object; costs a query, so only for sub-ID links."""
    page_id, url_path = _source_page_keys(request)
    pages = Page.objects.only("pk", "slug")
    if page_id is not None and (page := pages.filter(pk=page_id).first()):
        return page
    if url_path is not None:
        return pages.filter(url_path=url_path).first()
    return None


def target_url(link, request) -> tuple[str, Page | None]:
    """The merchant URL carrying a fresh random click reference; no query.

    The reference fills {subid} and the merchant's reference parameter
    (products.revenue.references); record_click() stores it on the click
    (it travels as request.click_reference). The page is always None now.
    """
    reference = new_reference()
    request.click_reference = reference
    return redirect_target(link, reference), None


# A click is analytics, not money: the insert does not wait for the WAL flush.
# A database crash may lose the last few hundred milliseconds of clicks (never
# corrupt anything); every other write of the site stays synchronous.
ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF; "
# The page is looked up inside the INSERT (its own column expression); the
# click reference (redirect mode) comes last.
INSERT_COLUMNS = (
    *(column for column in CLICK_COLUMNS if column != "page_id"),
    "reference",
)


@lru_cache(maxsize=4)
def _insert_sql(by_id: bool, by_path: bool, asynchronous: bool) -> str:
    """The INSERT of one click; the page is looked up inside it, by id then path."""
    select = f"(SELECT {Page._meta.pk.column} FROM {Page._meta.db_table} WHERE"  # noqa: S608
    lookups = []
    if by_id:
        lookups.append(f"{select} {Page._meta.pk.column} = %s)")
    if by_path:
        lookups.append(f"{select} url_path = %s)")
    if len(lookups) == 2:
        source = f"COALESCE({', '.join(lookups)})"
    else:
        source = lookups[0] if lookups else "NULL"
    columns = ", ".join(INSERT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    insert = (
        f"INSERT INTO {Click._meta.db_table} ({columns}, page_id) "  # noqa: S608
        f"VALUES ({placeholders}, {source})"
    )
    return ASYNC_COMMIT + insert if asynchronous else insert


def _can_commit_asynchronously() -> bool:
    # PostgreSQL runs both statements of one simple query in one implicit
    # transaction, so SET LOCAL applies to this insert only. Client-side binding
    # (Django's default for psycopg) sends them together in one round trip.
    return connection.vendor == "postgresql" and not connection.settings_dict[
        "OPTIONS"
    ].get("server_side_binding")


def record_click(request, link, *, outcome: str, page: Page | None = None) -> None:
    """Record one click on `link` from this request, in one INSERT.

    Placement from `p`, source page from `page` or `from`/Referer (validated
    against real pages inside the INSERT), device class and bot flag from the
    headers, the click reference target_url() made (redirect mode). Plain
    SQL, as the hottest write of the site: the ORM's save()
    costs more than the insert itself. Never raises for bad input; a database
    failure is logged and the visitor still gets redirected.
    """
    at = timezone.now()
    user_agent = request.headers.get("User-Agent", "")[:MAX_USER_AGENT_LENGTH]
    placement = request.GET.get("p", "")
    reason = bot_reason(request.method, request.headers, user_agent)
    if page is not None:
        page_id, url_path = page.pk, None
    else:
        page_id, url_path = _source_page_keys(request)
    values = [
        connection.ops.adapt_datetimefield_value(at),
        link.pk,
        link.product_id,
        link.merchant_id,
        placement if placement in Placement.values else Placement.UNKNOWN,
        device_class(user_agent),
        reason != BotReason.NONE,
        reason,
        outcome,
        visitor_key(client_address(request), user_agent, link.pk, at),
        getattr(request, "click_reference", ""),
    ]
    values += [key for key in (page_id, url_path) if key is not None]
    sql = _insert_sql(
        page_id is not None, url_path is not None, _can_commit_asynchronously()
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
    except DatabaseError:
        logger.exception("Click on %s not recorded", link.slug)

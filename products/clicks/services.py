"""Recording a click: the one function both /go/ and the click endpoint call.

record_click() writes one Click in one INSERT. The source page is validated
inside that INSERT (a sub-select on the page table), so the hot path stays one
indexed lookup (the view's find_link) plus one insert. Nothing personal is
stored: the client address and User-Agent only feed a salted daily hash.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from hashlib import sha256
from urllib.parse import unquote, urlsplit
from weakref import WeakKeyDictionary

from django.db import DatabaseError, connection
from django.utils import timezone
from wagtail.models import Page, Site

from backportal.core.guards import client_address
from products.revenue.references import new_reference

from .days import berlin_day
from .models import BotReason, Click, DailySalt, Outcome, Placement
from .useragents import bot_reason, device_class

logger = logging.getLogger(__name__)

# Editors put this into a target URL where the merchant's network takes a
# tracking parameter, e.g. https://shop.example/p/1?clickref={subid}; it
# receives the click's random reference.
SUBID_PLACEHOLDER = "{subid}"
MAX_PAGE_ID = 2**31 - 1
MAX_PATH_LENGTH = 255
MAX_USER_AGENT_LENGTH = 512
PLACEMENTS = frozenset(Placement.values)

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


def visitor_key(address: str, user_agent: str, link_slug: str, at: datetime) -> str:
    """Salted daily hash: the same visitor and link give the same key on one day only.

    The link enters by its slug (unique), known before the link is read, so
    /go/ can look it up and record the click in one statement."""
    message = f"{address}\n{user_agent}\n{link_slug}".encode("utf-8", "surrogatepass")
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


# A click is analytics, not money: the insert does not wait for the WAL flush.
# A database crash may lose the last few hundred milliseconds of clicks (never
# corrupt anything); every other write of the site stays synchronous.
ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF; "

# What a click row takes from the request (named parameters); the link's three
# ids come from the link itself, the page from a sub-select (_page_source).
REQUEST_COLUMNS = (
    "at",
    "placement",
    "device",
    "is_bot",
    "bot_reason",
    "outcome",
    "visitor_key",
    "reference",
)
LINK_COLUMNS = ("link_id", "product_id", "merchant_id")


def _page_source(by_id: bool, by_path: bool) -> str:
    """The page_id expression: the page by id, else by url_path, else NULL."""
    select = f"(SELECT {Page._meta.pk.column} FROM {Page._meta.db_table} WHERE"  # noqa: S608
    lookups = []
    if by_id:
        lookups.append(f"{select} {Page._meta.pk.column} = %(page_id)s)")
    if by_path:
        lookups.append(f"{select} url_path = %(url_path)s)")
    if len(lookups) == 2:
        return f"COALESCE({', '.join(lookups)})"
    return lookups[0] if lookups else "NULL"


def _insert_click(by_id: bool, by_path: bool, *, from_link: bool) -> str:
    """INSERT one click: its link ids from the query `link` (one row or none)
    or, for a link already read, from parameters."""
    columns = ", ".join((*LINK_COLUMNS, *REQUEST_COLUMNS, "page_id"))
    values = ", ".join(
        [
            *(column if from_link else f"%({column})s" for column in LINK_COLUMNS),
            *(f"%({column})s" for column in REQUEST_COLUMNS),
            _page_source(by_id, by_path),
        ]
    )
    # Table and column names from the models, values as parameters.
    source = f"SELECT {values} FROM link" if from_link else f"VALUES ({values})"  # noqa: S608
    return f"INSERT INTO {Click._meta.db_table} ({columns}) {source}"  # noqa: S608


@lru_cache(maxsize=4)
def _ping_sql(by_id: bool, by_path: bool, asynchronous: bool) -> str:
    """The INSERT of a click on a link already read (the click endpoint)."""
    insert = _insert_click(by_id, by_path, from_link=False)
    return ASYNC_COMMIT + insert if asynchronous else insert


def _can_commit_asynchronously() -> bool:
    # PostgreSQL runs both statements of one simple query in one implicit
    # transaction, so SET LOCAL applies to this insert only. Client-side binding
    # (Django's default for psycopg) sends them together in one round trip.
    return connection.vendor == "postgresql" and not connection.settings_dict[
        "OPTIONS"
    ].get("server_side_binding")


def _click_params(request, link_slug: str, *, outcome: str) -> dict:
    """The click's values from the request: placement, device, bot flag, keys."""
    at = timezone.now()
    user_agent = request.headers.get("User-Agent", "")[:MAX_USER_AGENT_LENGTH]
    placement = request.GET.get("p", "")
    reason = bot_reason(request.method, request.headers, user_agent)
    page_id, url_path = _source_page_keys(request)
    return {
        "at": connection.ops.adapt_datetimefield_value(at),
        "placement": placement if placement in PLACEMENTS else Placement.UNKNOWN,
        "device": device_class(user_agent),
        "is_bot": reason != BotReason.NONE,
        "bot_reason": reason,
        "outcome": outcome,
        "visitor_key": visitor_key(client_address(request), user_agent, link_slug, at),
        "reference": getattr(request, "click_reference", ""),
        "page_id": page_id,
        "url_path": url_path,
    }


def record_click(request, link, *, outcome: str) -> None:
    """Record one click on `link`, already read, from this request, in one INSERT.

    For the click endpoint (pings, beacons); /go/ uses redirect_click().
    Placement from `p`, source page from `from`/Ping-From/Referer (validated
    against real pages inside the INSERT), device class and bot flag from the
    headers. Never raises for bad input; a database failure is logged.
    """
    params = _click_params(request, link.slug, outcome=outcome)
    params.update(
        link_id=link.pk, product_id=link.product_id, merchant_id=link.merchant_id
    )
    sql = _ping_sql(
        params["page_id"] is not None,
        params["url_path"] is not None,
        _can_commit_asynchronously(),
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        logger.exception("Click on %s not recorded", link.slug)


@dataclass(frozen=True)
class Redirect:
    """What /go/ needs of a link once its click is written."""

    url: str
    merchant_id: int | None
    product_id: int
    to_merchant: bool  # else to the product page: link or product not live


# The link of a slug and whether it leads to the merchant now: the SQL twin of
# AffiliateLink.is_live() (its merchant shown) for an active, published,
# unexpired product (tests/test_redirect compares both over every combination).
LINK_SELECT = (
    "SELECT l.id AS link_id, l.product_id, l.merchant_id, l.url, ("
    "l.is_active AND (l.valid_from IS NULL OR l.valid_from <= %(at)s) "
    "AND (l.valid_until IS NULL OR %(at)s < l.valid_until) "
    "AND m.live AND (m.expire_at IS NULL OR %(at)s < m.expire_at) "
    "AND p.is_active AND p.live "
    "AND (p.expire_at IS NULL OR %(at)s < p.expire_at)) AS to_merchant "
    "FROM {link} l JOIN {product} p ON p.id = l.product_id "
    "JOIN {merchant} m ON m.id = l.merchant_id "
    "WHERE l.slug = %(slug)s"
)


@lru_cache(maxsize=4)
def _redirect_sql(by_id: bool, by_path: bool) -> tuple[str, str]:
    """(link lookup, click insert reading the lookup as `link`) of a /go/ click."""
    from products.models import AffiliateLink, Merchant, Product

    select = LINK_SELECT.format(
        link=AffiliateLink._meta.db_table,
        product=Product._meta.db_table,
        merchant=Merchant._meta.db_table,
    )
    insert = (
        _insert_click(by_id, by_path, from_link=True)
        .replace("%(outcome)s", _OUTCOME_SQL)
        .replace("%(reference)s", _REFERENCE_SQL)
    )
    return select, insert


# A click on a link that is not live counts as a fallback and carries no reference.
_OUTCOME_SQL = "CASE WHEN to_merchant THEN %(outcome)s ELSE %(fallback)s END"
_REFERENCE_SQL = "CASE WHEN to_merchant THEN %(reference)s ELSE '' END"
# Parameter types of the prepared statement; all others are text.
_PARAMETER_TYPES = {"at": "timestamptz", "is_bot": "boolean", "page_id": "integer"}
_PARAMETER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class PreparedRedirect:
    name: str
    prepare: str  # PREPARE name (types) AS WITH link AS (…), click AS (…) …
    execute: str  # SET LOCAL …; EXECUTE name(%s, …)
    parameters: tuple[str, ...]


@lru_cache(maxsize=4)
def _prepared_redirect(by_id: bool, by_path: bool) -> PreparedRedirect:
    """The /go/ statement for PostgreSQL: the link read and the click written
    through a data-modifying WITH, as a prepared statement. Planning it took
    0.3 of its 0.4 ms; prepared, PostgreSQL plans it once per connection."""
    select, insert = _redirect_sql(by_id, by_path)
    statement = f"WITH link AS ({select}), click AS ({insert}) SELECT * FROM link"  # noqa: S608
    parameters = tuple(dict.fromkeys(_PARAMETER.findall(statement)))
    for number, parameter in enumerate(parameters, 1):
        statement = statement.replace(f"%({parameter})s", f"${number}")
    types = ", ".join(_PARAMETER_TYPES.get(key, "text") for key in parameters)
    name = f"backportal_go_{int(by_id)}{int(by_path)}"
    values = ", ".join(["%s"] * len(parameters))
    return PreparedRedirect(
        name,
        f"PREPARE {name} ({types}) AS {statement}",
        f"{ASYNC_COMMIT}EXECUTE {name}({values})",
        parameters,
    )


# Which statements each open PostgreSQL connection has prepared; a new
# connection (after a restart, say) starts empty and prepares again.
_prepared_on: WeakKeyDictionary = WeakKeyDictionary()


def _fetch_link_row(params: dict) -> tuple | None:
    """Record the click and return the link's row, in one round trip on
    PostgreSQL (plus one per connection to prepare); elsewhere in two."""
    by_id, by_path = params["page_id"] is not None, params["url_path"] is not None
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            select, insert = _redirect_sql(by_id, by_path)
            cursor.execute(f"WITH link AS ({select}) {insert}", params)  # noqa: S608
            cursor.execute(select, params)
            return cursor.fetchone()
        prepared = _prepared_redirect(by_id, by_path)
        names = _prepared_on.setdefault(connection.connection, set())
        if prepared.name not in names:
            cursor.execute(prepared.prepare)
            names.add(prepared.name)
        cursor.execute(prepared.execute, [params[key] for key in prepared.parameters])
        cursor.nextset()  # past the SET to the link's row
        return cursor.fetchone()


def redirect_click(request, slug: str) -> Redirect | None:
    """Read the link of `slug` and record the click on it: one round trip.

    None for an unknown slug (nothing recorded). A live link of a live product
    gets outcome "redirect" and a fresh click reference (request.click_reference,
    for the merchant URL); otherwise "fallback". A lost connection raises (the
    site answers its 503 page): without the link there is nowhere to go.
    """
    if not slug or len(slug) > 80:
        return None
    request.click_reference = new_reference()
    params = _click_params(request, slug, outcome=Outcome.REDIRECT)
    params.update(slug=slug, fallback=Outcome.FALLBACK)
    row = _fetch_link_row(params)
    if row is None:
        return None
    _, product_id, merchant_id, url, to_merchant = row
    return Redirect(url, merchant_id, product_id, bool(to_merchant))

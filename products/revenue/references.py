"""What the merchant's network gets told about a click: reference, sub-ID, tag.

- redirect mode: each click gets a short random reference (new_reference()),
  appended as the merchant's reference parameter and put into `{subid}`;
- direct mode: the cached HTML carries a sub-ID per page and placement
  ("p<page id>-<placement>"), or for Amazon the tracking ID mapped to the
  page's article or topic (tag=...), else the merchant's default.

Settings are read through an in-process snapshot refreshed at most every
SNAPSHOT_SECONDS (one or two queries per worker then, none per link or click).
A save drops this process's snapshot and renews a token in the shared cache;
a page rendered elsewhere from a snapshot older than that token is not kept by
the page cache (page_fresh_until), so no stored page outlives a change.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

SUBID_PLACEHOLDER = "{subid}"
REFERENCE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
REFERENCE_LENGTH = 10
SNAPSHOT_SECONDS = 60
SUBID_RE = re.compile(r"^p(\d{1,10})-([a-z]{0,12})$")
REFERENCE_RE = re.compile(rf"^[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$")
# The shared cache's token of the last settings change (any process).
CHANGED_KEY = "revenue:settings-changed"


def new_reference() -> str:
    """A short random reference (50 bits), derived from nothing about the visitor.

    Five random bits per character from one call to the system's generator
    (32 letters divide 2**56 evenly, so every reference is equally likely)."""
    number = int.from_bytes(secrets.token_bytes(7))
    letters = []
    for _ in range(REFERENCE_LENGTH):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        letters.append(REFERENCE_ALPHABET[digit])
    return "".join(letters)


def direct_subid(page_id: int | None, placement: str) -> str:
    """The sub-ID of a page and placement in direct mode, e.g. "p42-box"."""
    return f"p{page_id or 0}-{placement}"


def parse_subid(value: str) -> tuple[int | None, str] | None:
    """(page id or None, placement) of a direct-mode sub-ID; None if it is none."""
    match = SUBID_RE.match(value.strip())
    if not match:
        return None
    page_id = int(match.group(1))
    return (page_id or None), match.group(2)


@dataclass
class MerchantSetting:
    network: str
    parameter: str
    default_tag: str
    tags_by_page: dict[int, str] = field(default_factory=dict)
    tags_by_topic: dict[int, str] = field(default_factory=dict)


@dataclass
class Snapshot:
    loaded_at: float
    merchants: dict[int, MerchantSetting]
    page_topics: dict[int, list[int]] = field(default_factory=dict)
    # CHANGED_KEY's token when loading began (None: no change recorded yet).
    changed_token: str | None = None


_lock = threading.Lock()
_snapshot: Snapshot | None = None


def _load() -> Snapshot:
    from .models import MerchantRevenue, Network
    from .registry import pages_of_topics

    # Read before the rows: a change meanwhile leaves this snapshot outdated
    # by its token, never current by mistake.
    changed_token = _changed_token()
    merchants: dict[int, MerchantSetting] = {}
    topic_ids: set[int] = set()
    for row in MerchantRevenue.objects.prefetch_related("tracking_ids"):
        setting = MerchantSetting(
            network=row.network,
            parameter=row.parameter,
            default_tag=row.default_tracking_id.strip(),
        )
        if row.network == Network.AMAZON:
            for tracking in row.tracking_ids.all():
                if tracking.page_id:
                    setting.tags_by_page[tracking.page_id] = tracking.tracking_id
                elif tracking.topic_id is not None:
                    setting.tags_by_topic.setdefault(
                        tracking.topic_id, tracking.tracking_id
                    )
                    topic_ids.add(tracking.topic_id)
        merchants[row.merchant_id] = setting
    page_topics: dict[int, list[int]] = {}
    for topic_id, page_ids in pages_of_topics(sorted(topic_ids)).items():
        for page_id in page_ids:
            page_topics.setdefault(page_id, []).append(topic_id)
    return Snapshot(time.monotonic(), merchants, page_topics, changed_token)


def snapshot() -> Snapshot:
    """The current settings of all merchants (reloaded after
    settings.REVENUE_SETTINGS_SECONDS, default 60; None: only after a save)."""
    global _snapshot
    current = _snapshot
    lifetime = getattr(settings, "REVENUE_SETTINGS_SECONDS", SNAPSHOT_SECONDS)
    expired = (
        current is not None
        and lifetime is not None
        and time.monotonic() - current.loaded_at > lifetime
    )
    if current is None or expired:
        with _lock:
            current = _snapshot = _load()
    return current


def forget() -> None:
    """Drop this process's snapshot (after settings changed)."""
    global _snapshot
    _snapshot = None


def _changed_token() -> str | None:
    try:
        return cache.get(CHANGED_KEY)
    except Exception:  # noqa: BLE001 - the cache is an optimisation
        return None


def settings_changed() -> None:
    """After a save: drop this process's snapshot and tell the others, now and
    again when the transaction commits (as the page cache renews its tokens)."""

    def new_token():
        cache.set(CHANGED_KEY, secrets.token_hex(8), None)

    forget()
    new_token()
    transaction.on_commit(new_token)


def page_fresh_until(page, request, now):
    """Page cache freshness source (RevenueConfig.ready): a rendering made from
    a snapshot older than the last settings change is not kept, and the
    snapshot is dropped for the next render. One cache read per render.

    No token in the cache (flushed, restarted or unreachable) says nothing of
    a change: the pages stored before went with it, and the next save writes
    a new token every snapshot differs from.
    """
    current = _snapshot
    if current is None:
        return None
    token = _changed_token()
    if token is not None and token != current.changed_token:
        forget()
        return now
    return None


def tracking_tag(setting: MerchantSetting, page_id: int | None, snap: Snapshot) -> str:
    """The Amazon tag for a page: its article's ID, else its topic's, else the default."""
    if page_id is not None:
        if page_id in setting.tags_by_page:
            return setting.tags_by_page[page_id]
        for topic_id in snap.page_topics.get(page_id, ()):
            if topic_id in setting.tags_by_topic:
                return setting.tags_by_topic[topic_id]
    return setting.default_tag


def tracking_target(merchant_id: int, tag: str) -> tuple[int | None, int | None]:
    """(page id, topic id) an Amazon tracking ID stands for; (None, None) for
    the default ID or an unknown one."""
    setting = snapshot().merchants.get(merchant_id)
    if setting is None:
        return None, None
    for page_id, value in setting.tags_by_page.items():
        if value == tag:
            return page_id, None
    for topic_id, value in setting.tags_by_topic.items():
        if value == tag:
            return None, topic_id
    return None, None


def _with_parameter(url: str, name: str, value: str) -> str:
    """The URL with query parameter `name` set to `value` (replacing an old one)."""
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name
    ]
    query.append((name, value))
    return urlunsplit(parts._replace(query=urlencode(query)))


def redirect_target(link, reference: str) -> str:
    """The merchant URL of a redirect-mode click carrying its reference."""
    url = link.url.replace(SUBID_PLACEHOLDER, quote(reference, safe=""))
    setting = snapshot().merchants.get(link.merchant_id)
    if setting and setting.parameter and reference:
        url = _with_parameter(url, setting.parameter, reference)
    return url


def direct_href(link, placement: str, page_id: int | None) -> str:
    """The href of a direct-mode link: sub-ID per page and placement, Amazon tag."""
    subid = direct_subid(page_id, placement)
    url = link.url.replace(SUBID_PLACEHOLDER, subid)
    snap = snapshot()
    setting = snap.merchants.get(link.merchant_id)
    if setting is None:
        return url
    if setting.network == "amazon":
        tag = tracking_tag(setting, page_id, snap)
        return _with_parameter(url, "tag", tag) if tag else url
    if setting.parameter:
        url = _with_parameter(url, setting.parameter, subid)
    return url

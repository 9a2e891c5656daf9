"""Running the link checker over the catalogue and recording what it found.

Called by `manage.py check_links`. HTTP happens in worker threads
(checker.check_many); every database write happens here, in the calling thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from products.models import AffiliateLink
from products.page_products import product_changed

from .checker import CheckResult, LinkChecker, Outcome, check_many
from .models import BROKEN_AFTER, LinkCheck, LinkState


def links_to_check(slugs: Iterable[str] = ()) -> QuerySet[AffiliateLink]:
    """Active links of active products that no editor excluded (optionally by slug)."""
    links = (
        AffiliateLink.objects.filter(is_active=True, product__is_active=True)
        .exclude(link_check__excluded=True)
        .select_related("product", "merchant")
        .order_by("pk")
    )
    slugs = list(slugs)
    return links.filter(slug__in=slugs) if slugs else links


def shown_again_or_hidden(link: AffiliateLink) -> None:
    """A link entered or left the public boxes: cached pages with its product renew."""
    product_changed(link.product)


def record_result(check: LinkCheck, result: CheckResult, at: datetime) -> bool:
    """Apply one check to the link's state and save it; True if it just broke.

    Conclusive answers move the count: a working page resets it, a hard failure
    adds one, and BROKEN_AFTER in a row make the link broken. Inconclusive
    answers (server errors, timeouts, merchants blocking robots) leave both the
    count and a broken verdict alone: they prove neither death nor recovery.
    """
    if result.outcome is Outcome.SKIPPED:
        return False
    was_broken = check.state == LinkState.BROKEN
    check.checked_at = at
    check.status_code = result.status_code
    check.final_url = result.final_url[:2000]
    check.detail = result.detail[:200]
    check.response_time_ms = result.elapsed_ms
    if result.outcome is Outcome.OK:
        check.consecutive_failures = 0
        check.state = LinkState.OK
    elif result.outcome is Outcome.HARD:
        check.consecutive_failures += 1
        check.state = (
            LinkState.BROKEN
            if check.consecutive_failures >= BROKEN_AFTER
            else LinkState.FAILING
        )
    elif not was_broken:
        check.state = (
            LinkState.UNVERIFIABLE
            if result.outcome is Outcome.BLOCKED
            else LinkState.ERROR
        )
    is_broken = check.state == LinkState.BROKEN
    if is_broken and not was_broken:
        check.broken_since = at
    elif not is_broken:
        check.broken_since = None
    check.save()
    if is_broken != was_broken:
        shown_again_or_hidden(check.link)
    return is_broken and not was_broken


@dataclass
class RunSummary:
    """What one run of the checker did, for the command's closing summary."""

    total: int = 0
    states: Counter = field(default_factory=Counter)
    skipped: list[tuple[AffiliateLink, CheckResult]] = field(default_factory=list)
    newly_broken: list[LinkCheck] = field(default_factory=list)


def _home_urls(link: AffiliateLink) -> tuple[str, ...]:
    return (link.merchant.website,) if link.merchant.website else ()


def run_checks(
    links: Iterable[AffiliateLink],
    checker: LinkChecker,
    *,
    workers: int = 4,
    on_result: Callable[[int, int, AffiliateLink, LinkCheck | None], None] = (
        lambda *args: None
    ),
) -> RunSummary:
    """Check the links concurrently and record each result as it arrives."""
    links = list(links)
    LinkCheck.objects.filter(excluded=True).exclude(state=LinkState.EXCLUDED).update(
        state=LinkState.EXCLUDED
    )
    LinkCheck.objects.bulk_create(
        [LinkCheck(link=link) for link in links], ignore_conflicts=True
    )
    checks = LinkCheck.objects.in_bulk([link.pk for link in links])
    summary = RunSummary(total=len(links))
    results = check_many(
        checker,
        links,
        url_of=lambda link: link.url,
        home_urls_of=_home_urls,
        workers=workers,
    )
    for done, (link, result) in enumerate(results, start=1):
        check = checks[link.pk]
        check.link = link
        if result.outcome is Outcome.SKIPPED:
            summary.skipped.append((link, result))
            on_result(done, summary.total, link, None)
            continue
        if record_result(check, result, timezone.now()):
            summary.newly_broken.append(check)
        summary.states[check.state] += 1
        on_result(done, summary.total, link, check)
    return summary

"""Questions the reports and dashboard panels ask: broken links, where they are used,
which products have stale data or sit on no page.

Which page uses which product comes from Wagtail's reference index (boxes,
tables and "Produkt-Link"s in rich text are all recorded there).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from wagtail.models import Page, ReferenceIndex

from products.models import AffiliateLink, Product

from .models import LinkCheck


def _page_references():
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(Product),
    )


def pages_using_products(product_ids) -> dict[int, list[Page]]:
    """Pages that place each product, with their last editor loaded (two queries)."""
    references = (
        _page_references()
        .filter(to_object_id__in=[str(pk) for pk in set(product_ids)])
        .values_list("to_object_id", "object_id")
        .distinct()
    )
    page_ids_by_product = defaultdict(set)
    for product_id, page_id in references:
        page_ids_by_product[int(product_id)].add(int(page_id))
    all_ids = set().union(*page_ids_by_product.values())
    pages = Page.objects.filter(pk__in=all_ids).select_related("latest_revision__user")
    pages_by_id = {page.pk: page for page in pages.order_by("title")}
    return {
        product_id: [pages_by_id[pk] for pk in pages_by_id if pk in page_ids]
        for product_id, page_ids in page_ids_by_product.items()
    }


def last_editor(page: Page):
    """Who saved the page last (its latest revision's author), if anyone."""
    revision = page.latest_revision
    return revision.user if revision else None


def broken_links() -> QuerySet[LinkCheck]:
    """Broken links, longest broken first."""
    return LinkCheck.objects.broken().with_link().order_by("broken_since", "pk")


def broken_pages_edited_by(user) -> list[tuple[Page, list[AffiliateLink]]]:
    """The user's pages (last saved by them) that place a product with a broken link."""
    links_by_product = defaultdict(list)
    for check in broken_links():
        links_by_product[check.link.product_id].append(check.link)
    if not links_by_product:
        return []
    found: dict[int, tuple[Page, list]] = {}
    for product_id, pages in pages_using_products(links_by_product).items():
        for page in pages:
            if last_editor(page) == user:
                entry = found.setdefault(page.pk, (page, []))
                entry[1].extend(links_by_product[product_id])
    return sorted(found.values(), key=lambda item: item[0].title)


def page_count_subquery():
    """The number of pages that place a product (OuterRef "pk"), 0 if none."""
    return Coalesce(
        Subquery(
            _page_references()
            .filter(to_object_id=Cast(OuterRef("pk"), output_field=CharField()))
            .values("to_object_id")
            .annotate(count=Count("object_id", distinct=True))
            .values("count")
        ),
        Value(0),
    )

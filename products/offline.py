"""Edits that only take something offline, published without approval.

Switching a product, a link or a merchant off, or ending it earlier (its
expiry, a link's "Gültig bis"), never shows readers anything new; every other
edit goes through the product workflow. The editor's action "Sofort offline
nehmen" (viewsets.TakeOfflineNowMenuItem, wired in wagtail_hooks.py) calls
publish_if_only_offline().
"""

from __future__ import annotations

from django.db import models

from .models import Merchant, Product

# Draft/publish, locking and timestamps: bookkeeping, not what readers see.
BOOKKEEPING = {
    "id",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "latest_revision",
    "locked",
    "locked_at",
    "locked_by",
    "expired",
    "created_at",
    "updated_at",
    # The form numbers links 0, 1, …; the order readers see is compared apart.
    "sort_order",
}
# A product's children compared whole: a changed picture or nutrient is content.
PRODUCT_CHILDREN = ("gallery_images", "nutrients")


def _switched_off(old, new) -> bool:
    return new == old or (old and not new)


def _ends_earlier(old, new) -> bool:
    """An end moment set where there was none, or moved forward."""
    return new == old or (new is not None and (old is None or new < old))


OFFLINE_CHANGES = {
    "is_active": _switched_off,
    "expire_at": _ends_earlier,
    "valid_until": _ends_earlier,
}


def _only_offline(old: models.Model, new: models.Model) -> bool:
    for field in old._meta.concrete_fields:
        if field.name in BOOKKEEPING:
            continue
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        allowed = OFFLINE_CHANGES.get(field.name)
        if not (allowed(before, after) if allowed else before == after):
            return False
    return True


def _rows(objects) -> list[tuple]:
    return sorted(
        tuple(getattr(obj, field.attname) for field in obj._meta.concrete_fields)
        for obj in objects
    )


def _reading_order(links) -> list[int]:
    """Link ids in the order boxes show them (ProductQuerySet.for_display:
    priority, then position with unnumbered ones last, then id)."""
    return [
        link.pk
        for link in sorted(
            links,
            key=lambda link: (
                -link.priority,
                link.sort_order is None,
                link.sort_order or 0,
                link.pk,
            ),
        )
    ]


def takes_only_offline(live: Product | Merchant, draft: Product | Merchant) -> bool:
    """Whether `draft` differs from the `live` row only by switching things
    off or ending them earlier; for a product the same links (none added or
    removed or moved, each changed only that way) and unchanged pictures and
    nutrients."""
    if not _only_offline(live, draft):
        return False
    if not isinstance(live, Product):
        return True
    old_links = {link.pk: link for link in live.links.all()}
    new_links = {link.pk: link for link in draft.links.all()}
    if _reading_order(old_links.values()) != _reading_order(new_links.values()):
        return False
    if not all(_only_offline(old_links[pk], new_links[pk]) for pk in old_links):
        return False
    return all(
        _rows(getattr(live, name).all()) == _rows(getattr(draft, name).all())
        for name in PRODUCT_CHILDREN
    )


def publish_if_only_offline(obj: Product | Merchant, user) -> bool:
    """Publish the latest revision of a live `obj` if it only takes things
    offline (no workflow; cancels one in progress); else leave it a draft."""
    live = type(obj).objects.get(pk=obj.pk)
    revision = live.latest_revision
    if not live.live or revision is None:
        return False
    if not takes_only_offline(live, revision.as_object()):
        return False
    revision.publish(user=user, skip_permission_checks=True)
    return True

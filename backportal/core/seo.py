"""Breadcrumbs and JSON-LD shared by every page type."""

import json

from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

ORGANIZATION = {
    "@type": "Organization",
    "@id": "#organization",
    "name": "Backportal",
}


def breadcrumb_trail(page: Page, request) -> list[tuple[str, str]]:
    """(title, url) from the home page down to `page`, live pages only.

    Walks up by get_parent(): a routed page already holds the parents routing
    loaded (Page.route caches them), so a served page needs no query for it.
    """
    crumbs = [page]
    while crumbs[0].depth > 2:
        crumbs.insert(0, crumbs[0].get_parent())
    return [
        ("Startseite" if crumb.depth == 2 else crumb.title, crumb.get_url(request))
        for crumb in crumbs
        if crumb.live
    ]


def breadcrumb_list(trail: list[tuple[str, str]], request) -> dict:
    """schema.org BreadcrumbList matching the visible breadcrumb."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": title,
                "item": request.build_absolute_uri(url),
            }
            for position, (title, url) in enumerate(trail, start=1)
        ],
    }


def json_ld(*nodes: dict) -> SafeString:
    """A JSON-LD @graph, safe to put inside <script type="application/ld+json">."""
    data = {"@context": "https://schema.org", "@graph": list(nodes)}
    text = json.dumps(data, ensure_ascii=False, default=str)
    # "<" escaped so no "</script>" in editor text can end the script element.
    return mark_safe(text.replace("<", "\\u003c"))  # noqa: S308

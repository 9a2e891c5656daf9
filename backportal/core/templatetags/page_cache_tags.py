"""{% pagefragment "name" %}…{% endpagefragment %}: a part of a page that is the
same for every reader, kept in the cache under the rules of whole pages.

Used by base.html around the head, the header and <main> with the footer.
Readers the whole-page cache cannot serve (with a session, logged in) get
these parts from the cache; a fragment is stored per origin and path, is
valid while the generation and its page's version hold, and never outlives
the page's prices and ratings (backportal/core/page_cache.py). Previews,
requests with a query string (but for tracking parameters) and views
without a Wagtail page render it fresh. Whatever differs per reader
(messages, the userbar) stays outside.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from wagtail.models import Page

from backportal.core import page_cache

register = template.Library()


class PageFragmentNode(template.Node):
    """Renders its content once per page version and serves it from the cache."""

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request = context.get("request")
        page = context.get("page")
        if not is_cacheable(request, page):
            return self.nodelist.render(context)
        key = page_cache.fragment_key(request, self.name)
        entry, tokens = page_cache.lookup(key, page.pk)
        if entry is not None:
            page_cache.remember_expiry(request, entry["expires_at"])
            return mark_safe(entry["content"])  # noqa: S308 - our own rendering
        content = self.nodelist.render(context)
        page_cache.store(
            key,
            page,
            request,
            seconds=settings.FRAGMENT_CACHE_SECONDS,
            tokens=tokens,
            content=str(content),
        )
        return content


def is_cacheable(request, page) -> bool:
    return (
        settings.FRAGMENT_CACHE_SECONDS > 0
        and request is not None
        and isinstance(page, Page)
        and request.method in ("GET", "HEAD")
        and page_cache.is_plain_url(request)
        and not getattr(request, "is_preview", False)
    )


@register.tag
def pagefragment(parser, token):
    """{% pagefragment "name" %}…{% endpagefragment %}"""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            '{% pagefragment "name" %} takes one quoted name.'
        )
    nodelist = parser.parse(("endpagefragment",))
    parser.delete_first_token()
    return PageFragmentNode(nodelist, bits[1][1:-1])
